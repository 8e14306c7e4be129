import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindsWith, kindTraits } from '../../src/listings/kinds.js';
import { KINDS } from '../../src/listings/queries.js';
import { randomToken } from '../../src/lib/ids.js';
import { lapseOrder } from '../../src/orders/expiry.js';
import { cancelSellerOrder } from '../../src/orders/fulfilment.js';
import { placeOrder, type PayWith } from '../../src/orders/placement.js';
import { startTestApp, type TestApp } from '../app.js';
import { createListing, createUser } from '../factories.js';
import type { Client, Page } from '../http.js';
import { text } from '../http.js';
import { fundBuyer, SETTINGS, SHIP_TO } from '../orders/helpers.js';
import { clothing, editValues, fixedForm, listingIdFrom, plainCategory, sellerClient } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

type Sku = { listingId: number; variantId: number | null };
const skuKey = (s: Sku) => `${s.listingId}:${s.variantId ?? 0}`;

/** Per SKU of these listings: what the movements add up to, and what the rows hold. */
async function ledgerOfStock(db: Knex, listingIds: number[]) {
  const sums = new Map<string, Record<string, number>>();
  for (const m of await db('stock_movements').whereIn('listing_id', listingIds).select('listing_id', 'variant_id', 'kind', 'quantity')) {
    const k = skuKey({ listingId: m.listing_id, variantId: m.variant_id });
    const s = sums.get(k) ?? {};
    s[m.kind] = (s[m.kind] ?? 0) + m.quantity;
    sums.set(k, s);
  }
  const rows = new Map<string, { stock: number; reserved: number }>();
  for (const l of await db('listings').whereIn('id', listingIds).select('id', 'stock', 'reserved')) rows.set(skuKey({ listingId: l.id, variantId: null }), { stock: l.stock ?? 0, reserved: l.reserved });
  for (const v of await db('listing_variants').whereIn('listing_id', listingIds).select('id', 'listing_id', 'stock', 'reserved')) rows.set(skuKey({ listingId: v.listing_id, variantId: v.id }), { stock: v.stock, reserved: v.reserved });
  return { sums, rows };
}

function expectStockFromHistory(state: Awaited<ReturnType<typeof ledgerOfStock>>) {
  for (const k of new Set([...state.sums.keys(), ...state.rows.keys()])) {
    const s = state.sums.get(k) ?? {};
    const n = (kind: string) => s[kind] ?? 0;
    // a removed variant has no row any more: its history must end at nothing in stock
    const row = state.rows.get(k) ?? { stock: 0, reserved: 0 };
    expect({ sku: k, stock: n('adjusted') + n('restocked') + n('returned') - n('sold') }).toEqual({ sku: k, stock: row.stock });
    expect({ sku: k, reserved: n('reserved') - n('released') - n('sold') }).toEqual({ sku: k, reserved: row.reserved });
  }
}

async function order(buyerId: number, sku: Sku, quantity: number, price: number, payWith: PayWith) {
  if (payWith === 'wallet') await fundBuyer(app.db, buyerId, price * quantity);
  const r = await placeOrder(app.db, { buyerId, checkoutKey: `t-${randomToken(8)}`, items: [{ ...sku, quantity, seenUnitPrice: price }], address: SHIP_TO, payWith, settings: SETTINGS });
  if (!r.ok) throw new Error(r.message);
  const so = await app.db('seller_orders').where({ order_id: r.order.id }).first('id');
  return { orderId: r.order.id, sellerOrderId: Number(so.id) };
}

/** The variants form with these combinations kept (by index), each with its SKU, price and stock. */
async function variantsForm(c: Client, id: number, keep: Record<number, { sku: string; price: string; stock: string }>) {
  const page = await c.get(`/seller/listings/${id}/variants?axes=size&axes=colour`);
  const form: Record<string, string> = { axes: page.doc.querySelector('#variants-form input[name=axes]')!.getAttribute('value')! };
  for (let i = 0; i < 6; i++) form[`combo_${i}`] = page.doc.querySelector(`input[name=combo_${i}]`)!.getAttribute('value')!;
  for (const [i, v] of Object.entries(keep)) Object.assign(form, { [`keep_${i}`]: 'on', [`sku_${i}`]: v.sku, [`price_${i}`]: v.price, [`stock_${i}`]: v.stock });
  const saved = await c.post(`/seller/listings/${id}/variants`, form, { method: 'PUT' });
  expect(saved.status).toBe(200);
  return saved;
}

const historyRows = (page: Page, id: number) =>
  page.doc.querySelectorAll(`#stock-history-${id} tbody tr`).map((r) => r.querySelectorAll('td').map((td) => text(td)));

describe('stock history', () => {
  it('records every stock change of the seller and every sale, so stock and reservations add up per SKU', async () => {
    const { seller, c } = await sellerClient(app);
    const buyer = await createUser(app.db);
    const cat = await clothing(app.db);

    // a listing without variants: opening stock, the form, the dashboard row
    const id = listingIdFrom(await c.post('/seller/listings', fixedForm(cat.id, { stock: '3', price: '10' })));
    await app.db('listings').where({ id }).update({ status: 'active', published_at: new Date() });
    const values = await editValues(c, id);
    expect((await c.post(`/seller/listings/${id}`, { ...values, stock: '8', stock_was: '3' }, { method: 'PATCH' })).status).toBe(200);
    await c.get('/seller/listings');
    expect((await c.post(`/seller/listings/${id}/row`, { price: '10.00', stock: '6', stock_was: '8' }, { htmx: true })).status).toBe(200);
    const plain = { listingId: id, variantId: null };
    const first = await order(buyer.id, plain, 2, 1000, 'wallet'); // sold
    const lapsed = await order(buyer.id, plain, 1, 1000, 'card'); // reserved, then released
    expect((await lapseOrder(app.db, lapsed.orderId, { by: 'buyer', buyerId: buyer.id })).ok).toBe(true);
    const cancelled = await order(buyer.id, plain, 1, 1000, 'wallet'); // sold, then back in stock
    expect((await cancelSellerOrder(app.db, cancelled.sellerOrderId, { role: 'seller', userId: seller.id }, 'Broken in the shop')).ok).toBe(true);
    const open = await order(buyer.id, plain, 1, 1000, 'card'); // still reserved
    expect(await app.db('listings').where({ id }).first('stock', 'reserved')).toEqual({ stock: 4, reserved: 1 });

    // a listing with variants: the listing's own units go, variants are added, changed and removed
    const vid = listingIdFrom(await c.post('/seller/listings', fixedForm(cat.id, { stock: '3', price: '10', title: 'Linen tee' })));
    await app.db('listings').where({ id: vid }).update({ status: 'active', published_at: new Date() });
    await variantsForm(c, vid, { 0: { sku: 'TEE-S-RED', price: '10', stock: '2' }, 3: { sku: 'TEE-M-BLUE', price: '10', stock: '3' } });
    await variantsForm(c, vid, { 0: { sku: 'TEE-S-RED', price: '10', stock: '5' }, 4: { sku: 'TEE-L-RED', price: '10', stock: '1' } });
    const red = await app.db('listing_variants').where({ listing_id: vid, sku: 'TEE-S-RED' }).first('id');
    await order(buyer.id, { listingId: vid, variantId: red.id }, 2, 1000, 'wallet');
    expect(await app.db('listing_variants').where({ listing_id: vid }).orderBy('position').select('sku', 'stock')).toEqual([
      { sku: 'TEE-S-RED', stock: 3 },
      { sku: 'TEE-L-RED', stock: 1 },
    ]);

    expectStockFromHistory(await ledgerOfStock(app.db, [id, vid]));

    // the seller reads it on the listing's page, newest first
    const page = await c.get(`/seller/listings/${id}`);
    expect(historyRows(page, id).map(([, what, qty]) => [what, qty])).toEqual([
      [`Reserved for order #${open.orderId}`, '1'],
      [`Back in stock from cancelled order #${cancelled.orderId}`, '+1'],
      [`Sold in order #${cancelled.orderId}`, '−1'],
      [`Reserved for order #${cancelled.orderId}`, '1'],
      [`Released from order #${lapsed.orderId}`, '1'],
      [`Reserved for order #${lapsed.orderId}`, '1'],
      [`Sold in order #${first.orderId}`, '−2'],
      [`Reserved for order #${first.orderId}`, '2'],
      ['Adjusted by you', '−2'],
      ['Adjusted by you', '+5'],
      ['Adjusted by you', '+3'],
    ]);
    expect(page.doc.querySelector(`#stock-history-${id} time`)?.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const vpage = await c.get(`/seller/listings/${vid}`);
    const vrows = historyRows(vpage, vid);
    expect(vrows.filter(([, what]) => what.startsWith('Sold')).map(([, , qty, variant]) => [qty, variant])).toEqual([['−2', 'TEE-S-RED']]);
    expect(vrows.filter(([, , qty, variant]) => variant === 'Removed variant').map(([, , qty]) => qty)).toEqual(['−3', '+3']);
  });

  it('is the seller’s alone, and only for kinds that count stock', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const digital = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, kind: 'digital', price: 500 });
    expect((await c.get(`/seller/listings/${digital.id}`)).doc.querySelector(`#stock-history-${digital.id}`)).toBeNull();
    const fixed = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, stock: 2, price: 2000, status: 'draft' });
    const page = await c.get(`/seller/listings/${fixed.id}`);
    expect(text(page.doc.querySelector(`#stock-history-${fixed.id}`))).toContain('No stock changes yet');
    // before submitting it for review, the seller sees what a sale brings them
    expect(text(page.doc.querySelector(`#receive-note-${fixed.id} .receive-amount`))).toMatch(/^At €20\.00 you will receive €\d+\.\d\d\.$/);
    const other = await sellerClient(app);
    expect((await other.c.get(`/seller/listings/${fixed.id}`)).status).toBe(404);
  });

  it('takes the counted kinds from the kind table', () => {
    expect(kindsWith('stock')).toEqual(KINDS.filter((k) => kindTraits[k].stock));
    expect(kindsWith('stock').length).toBeGreaterThan(0);
  });
});
