import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balances } from '../../src/ledger/ledger.js';
import { shipOrder } from '../../src/orders/fulfilment.js';
import { startTestApp, type TestApp } from '../app.js';
import { Client, text, type Page } from '../http.js';
import { topUp } from '../ledger/helpers.js';
import { addToCart, available, count, listing, MANY_SIGN_INS, NEW_ADDRESS, orderIdOf, placeOrder, shop, signedIn, stockOf } from './buyer-helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: MANY_SIGN_INS });
});
afterAll(async () => {
  await app?.stop();
});

/** A buyer with money who bought one listing from one shop (paid from the wallet). */
async function bought(opts: { price?: number; stock?: number; shipping?: number; money?: number; payWith?: string } = {}) {
  const s = await shop(app, opts.shipping ?? 0);
  const item = await listing(app.db, s.seller.id, { title: 'Walnut tray', price: opts.price ?? 2000, stock: opts.stock ?? 5 });
  const buyer = await signedIn(app);
  if (opts.money !== 0) await topUp(app.db, buyer.user.id, opts.money ?? 10_000);
  await addToCart(buyer.c, item.id);
  const placed = await placeOrder(buyer.c, { ...NEW_ADDRESS, ...(opts.payWith ? { pay_with: opts.payWith } : {}) });
  expect(placed.status).toBe(303);
  const order = await app.db('orders').where({ buyer_id: buyer.user.id }).orderBy('id', 'desc').first();
  const part = await app.db('seller_orders').where({ order_id: order.id }).first();
  return { shop: s, item, buyer, orderId: Number(order.id), partId: Number(part.id), placed };
}

/** The fields of one form on a page (hidden ones and typed values), by its selector. */
function formOf(page: Page, selector: string, over: Record<string, string> = {}): { action: string; form: Record<string, string> } {
  const el = page.doc.querySelector(selector);
  if (!el) throw new Error(`no ${selector} on the page`);
  const form: Record<string, string> = {};
  for (const i of el.querySelectorAll('input')) if (i.getAttribute('name')) form[i.getAttribute('name')!] = i.getAttribute('value') ?? '';
  return { action: el.getAttribute('action')!, form: { ...form, ...over } };
}

describe('my orders', () => {
  it('lists the buyer’s orders newest first with each seller part’s status', async () => {
    const first = await bought();
    const s2 = await shop(app);
    const other = await listing(app.db, s2.seller.id, { price: 500 });
    await addToCart(first.buyer.c, other.id);
    const second = orderIdOf((await placeOrder(first.buyer.c, { pay_with: 'wallet' })).headers.get('location'));

    const page = await first.buyer.c.get('/orders');
    expect(page.status).toBe(200);
    const ids = page.doc.querySelectorAll('.order-list > li').map((li) => li.getAttribute('id'));
    expect(ids).toEqual([`my-order-${second}`, `my-order-${first.orderId}`]);
    const badge = page.doc.querySelector(`#my-order-part-${first.partId} .status`);
    expect(badge?.getAttribute('data-status')).toBe('paid');
    expect(text(badge)).toBe(`${first.shop.seller.shop_name}: Paid`);
    // somebody else's list does not show them
    const stranger = await signedIn(app);
    expect((await stranger.c.get('/orders')).doc.querySelector(`#my-order-${first.orderId}`)).toBeNull();
  });
});

describe('the order page', () => {
  it('shows each part with its lines, shipping, status, address, how it was paid, documents and a live timeline', async () => {
    const { buyer, orderId, partId, shop: s } = await bought({ shipping: 450 });
    const page = await buyer.c.get(`/orders/${orderId}`);
    expect(page.status).toBe(200);
    const part = page.doc.querySelector(`#seller-order-${partId}`)!;
    expect(text(part.querySelector('h2'))).toContain(s.seller.shop_name);
    expect(text(part.querySelector('.order-line'))).toContain('1 × €20.00 = €20.00');
    expect(text(part)).toContain('Shipping: €4.50');
    expect(part.getAttribute('data-status')).toBe('paid');
    expect(text(page.doc.querySelector(`#order-${orderId}-total`))).toBe('€24.50');
    expect(text(page.doc.querySelector(`#order-${orderId}-paid-with`))).toBe('€24.50 from your wallet');
    expect(text(page.doc.querySelector(`#order-${orderId}-address`))).toContain('Rua Augusta 1');
    expect(page.doc.querySelector(`#order-documents-${orderId}`)).not.toBeNull();
    const timeline = page.doc.querySelector(`#order-${orderId}-timeline`)!;
    expect(timeline.querySelectorAll('li').map((li) => li.getAttribute('data-type'))).toEqual(['placed', 'paid']);
    // the live parts fetch themselves again on the orders signal and when the stream (re)opens
    for (const el of [timeline, part, page.doc.querySelector(`#order-${orderId}-summary`)!]) {
      expect(el.getAttribute('hx-trigger')).toBe('sse:orders, htmx:sseOpen from:body');
      expect(el.getAttribute('hx-get')).toBe(`/orders/${orderId}`);
      expect(el.getAttribute('hx-select')).toBe(`#${el.getAttribute('id')}`);
    }
    // what such a re-fetch gets back holds the same part
    const fragment = await buyer.c.get(`/orders/${orderId}`, { htmx: true });
    expect(fragment.doc.querySelector('html')).toBeNull();
    expect(fragment.doc.querySelector(`#seller-order-${partId}`)).not.toBeNull();
  });

  it('is not found for anybody but the buyer, and so are the buyer’s actions', async () => {
    const { buyer, orderId, partId, shop: s } = await bought();
    const own = await buyer.c.get(`/orders/${orderId}`);
    const confirm = formOf(own, `#seller-order-${partId} .cancel-form`, { reason: 'Changed my mind' });
    const stranger = await signedIn(app);
    await stranger.c.get('/orders');
    expect((await stranger.c.get(`/orders/${orderId}`)).status).toBe(404);
    expect((await stranger.c.get(`/orders/${orderId}`, { htmx: true })).status).toBe(404);
    const key = confirm.form.idempotency_key;
    for (const path of [`/orders/${orderId}/payment`, `/orders/${orderId}/cancellation`, `/seller-orders/${partId}/receipt`, `/seller-orders/${partId}/cancellation`]) {
      const r = await stranger.c.post(path, { idempotency_key: key, reason: 'Not mine' }, { follow: false });
      expect(r.status, path).toBe(404);
    }
    // the seller has their own page; the buyer's is not theirs, nor is confirming receipt
    expect((await s.c.get(`/orders/${orderId}`)).status).toBe(404);
    await s.c.get('/');
    expect((await s.c.post(`/seller-orders/${partId}/receipt`, { idempotency_key: key }, { follow: false })).status).toBe(404);
    expect((await app.db('seller_orders').where({ id: partId }).first()).status).toBe('paid');
    expect((await stranger.c.get('/orders/abc')).status).toBe(404);
  });

  it('confirming receipt of a shipped part pays the seller the total less commission, once', async () => {
    const { buyer, orderId, partId, shop: s } = await bought({ price: 3000, shipping: 500 });
    const before = await available(app.db, s.seller.id);
    expect((await buyer.c.get(`/orders/${orderId}`)).doc.querySelector(`#seller-order-${partId} .receipt-form`)).toBeNull();
    const shipped = await shipOrder(app.db, partId, { role: 'seller', userId: s.seller.id }, { carrier: 'CTT', trackingNumber: 'RR123456789PT' });
    expect(shipped.ok).toBe(true);

    const page = await buyer.c.get(`/orders/${orderId}`);
    const part = page.doc.querySelector(`#seller-order-${partId}`)!;
    expect(text(part.querySelector('.tracking'))).toBe('Shipped with CTT, tracking number RR123456789PT');
    expect(part.querySelector('.report-problem')?.getAttribute('href')).toBe(`/seller-orders/${partId}/dispute/new`);
    expect(part.querySelector('.cancel-form')).toBeNull();
    const { action, form } = formOf(page, `#seller-order-${partId} .receipt-form`);
    const done = await buyer.c.post(action, form, { follow: false });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/orders/${orderId}`);
    const again = await buyer.c.post(action, form, { follow: false });
    expect(again.status).toBe(303);

    const so = await app.db('seller_orders').where({ id: partId }).first();
    expect(so.status).toBe('completed');
    expect(await available(app.db, s.seller.id)).toBe(before + Number(so.total) - Number(so.commission));
    expect(Number(so.commission)).toBe(300);
    expect(await balances(app.db, buyer.user.id)).toMatchObject({ available: 10_000 - 3500, held: 0 });
    const after = await buyer.c.get(`/orders/${orderId}`);
    expect(text(after.doc.querySelector('#flash'))).toContain('The seller has been paid');
    expect(after.doc.querySelector(`#order-${orderId}-timeline li[data-type=completed]`)).not.toBeNull();
  });

  it('cancelling a part before it ships returns the money and the stock; after shipping it is refused', async () => {
    const { buyer, orderId, partId, item } = await bought({ price: 2000, stock: 5 });
    expect(await stockOf(app.db, item.id)).toMatchObject({ stock: 4, reserved: 0 });
    const page = await buyer.c.get(`/orders/${orderId}`);
    const { action, form } = formOf(page, `#seller-order-${partId} .cancel-form`, { reason: 'Ordered the wrong size' });
    const done = await buyer.c.post(action, form, { follow: false });
    expect(done.status).toBe(303);
    expect(await app.db('seller_orders').where({ id: partId }).first()).toMatchObject({ status: 'cancelled', cancel_reason: 'Ordered the wrong size' });
    expect(await balances(app.db, buyer.user.id)).toMatchObject({ available: 10_000, held: 0 });
    expect(await stockOf(app.db, item.id)).toMatchObject({ stock: 5, reserved: 0 });

    const second = await bought();
    await shipOrder(app.db, second.partId, { role: 'seller', userId: second.shop.seller.id }, { carrier: 'DHL', trackingNumber: 'JD0001' });
    // a form from before it shipped
    const stale = await second.buyer.c.post(`/seller-orders/${second.partId}/cancellation`, { idempotency_key: form.idempotency_key.replace(/.$/, 'x'), reason: '' }, { follow: false });
    expect(stale.status).toBe(422);
    expect(text(stale.doc.querySelector(`#seller-order-${second.partId} .form-error`))).toContain('It can no longer be cancelled: it is shipped.');
    expect((await app.db('seller_orders').where({ id: second.partId }).first()).status).toBe('shipped');
  });

  it('an htmx action answers with the refreshed order and the message out of band', async () => {
    const { buyer, orderId, partId } = await bought();
    const page = await buyer.c.get(`/orders/${orderId}`);
    const { action, form } = formOf(page, `#seller-order-${partId} .cancel-form`);
    const res = await buyer.c.post(action, form, { htmx: true, follow: false });
    expect(res.status).toBe(200);
    expect(res.doc.querySelector(`#order-${orderId}`)).not.toBeNull();
    expect(res.doc.querySelector(`#seller-order-${partId}`)?.getAttribute('data-status')).toBe('cancelled');
    expect(res.doc.querySelector('#flash')?.getAttribute('hx-swap-oob')).toBe('true');
  });

  it('an unpaid card order: pay by card from the page, or cancel it and free the stock', async () => {
    const { buyer, orderId, item, placed } = await bought({ money: 0, stock: 3 });
    expect(placed.headers.get('location')).toMatch(/^\/gateway\/pay\/pi_/);
    expect(await stockOf(app.db, item.id)).toMatchObject({ stock: 3, reserved: 1 });
    const page = await buyer.c.get(`/orders/${orderId}`);
    expect(page.doc.querySelector(`#order-${orderId}-summary`)?.getAttribute('data-status')).toBe('awaiting_payment');
    expect(text(page.doc.querySelector(`#order-${orderId}-awaiting`))).toContain('reserved for you until');
    const pay = formOf(page, `#order-${orderId}-summary .pay-form`);
    const again = await buyer.c.post(pay.action, pay.form, { follow: false });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(placed.headers.get('location'));

    const cancel = formOf(page, `#order-${orderId}-summary .cancel-order-form`);
    const done = await buyer.c.post(cancel.action, cancel.form, { follow: false });
    expect(done.status).toBe(303);
    expect((await app.db('orders').where({ id: orderId }).first()).status).toBe('cancelled');
    expect(await stockOf(app.db, item.id)).toMatchObject({ stock: 3, reserved: 0 });
    const after = await buyer.c.get(`/orders/${orderId}`);
    expect(after.doc.querySelector(`#order-${orderId}-awaiting`)).toBeNull();
    expect(after.doc.querySelector(`#order-${orderId}-timeline li[data-type=cancelled]`)).not.toBeNull();
    // paying a cancelled order is refused on the page
    const late = await buyer.c.post(pay.action, pay.form, { follow: false });
    expect(late.status).toBe(422);
    expect(text(late.doc.querySelector(`#order-${orderId}-summary .form-error`))).toContain('cancelled');
  });

  it('the seller cancels through the same address with a required reason; the buyer is refunded', async () => {
    const { buyer, orderId, partId, shop: s, item } = await bought({ price: 1500 });
    await s.c.get('/');
    const noReason = await s.c.post(`/seller-orders/${partId}/cancellation`, { reason: ' ' }, { follow: false });
    expect(noReason.status).toBe(422);
    expect(text(noReason.doc.querySelector('#f-reason-error'))).toBe('Tell the buyer why you cancel.');
    const htmx = await s.c.post(`/seller-orders/${partId}/cancellation`, { reason: '' }, { htmx: true, follow: false });
    expect(htmx.status).toBe(422);
    expect(htmx.headers.get('hx-retarget')).toBe(`#cancel-form-${partId}`);
    expect(htmx.doc.querySelector(`#cancel-form-${partId} #f-reason-error`)).not.toBeNull();
    expect((await app.db('seller_orders').where({ id: partId }).first()).status).toBe('paid');

    const done = await s.c.post(`/seller-orders/${partId}/cancellation`, { reason: 'The tray cracked in the kiln' }, { follow: false });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/seller/orders/${partId}`);
    expect(await app.db('seller_orders').where({ id: partId }).first()).toMatchObject({ status: 'cancelled', cancel_reason: 'The tray cracked in the kiln' });
    expect(await balances(app.db, buyer.user.id)).toMatchObject({ available: 10_000, held: 0 });
    expect(await stockOf(app.db, item.id)).toMatchObject({ stock: 5 });
    const seen = await buyer.c.get(`/orders/${orderId}`);
    expect(text(seen.doc.querySelector(`#order-${orderId}-timeline`))).toContain('The seller cancelled this part of the order: The tray cracked in the kiln');
  });

  it('a visitor is sent to sign in', async () => {
    const { orderId } = await bought();
    const r = await new Client(app.baseUrl).get(`/orders/${orderId}`, { follow: false });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/orders/${orderId}`)}`);
    expect(await count(app.db, 'orders', { id: orderId })).toBe(1);
  });
});
