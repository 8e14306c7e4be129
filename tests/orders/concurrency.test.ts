import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.js';
import { balances, verifyLedger } from '../../src/ledger/ledger.js';
import { lapseOrder } from '../../src/orders/expiry.js';
import { placeOrder, type PayWith, type PlaceItem } from '../../src/orders/placement.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { topUp } from '../ledger/helpers.js';

const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };
let t: TestEnv;
let db: Db;

beforeAll(async () => {
  t = await createTestEnv();
  // a pool wide enough that the checkouts below really run side by side
  db = createDb(t.databaseUrl, 16);
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});

/** Per SKU: units on hand, units reserved, and the sold/restocked movements. */
async function skuState(listingIds: number[]) {
  const listings = await db('listings').whereIn('id', listingIds).select('id', 'stock', 'reserved', 'status');
  const variants = await db('listing_variants').whereIn('listing_id', listingIds).select('id', 'listing_id', 'stock', 'reserved');
  const moves = (await db('stock_movements').whereIn('listing_id', listingIds).select('listing_id', 'variant_id', 'kind').sum({ n: 'quantity' }).groupBy('listing_id', 'variant_id', 'kind')) as unknown as { listing_id: number; variant_id: number | null; kind: string; n: string }[];
  return { listings, variants, moves };
}

describe('the last unit', () => {
  it('100 buyers at once: exactly one paid order, stock never below 0, everyone else told clearly and charged nothing', async () => {
    const seller = await createSeller(t.db);
    const cat = await createCategoryRow(t.db);
    const listing = await createListing(t.db, { seller_id: seller.id, category_id: cat.id, stock: 1, price: 4000 });
    const buyers = await Promise.all(Array.from({ length: 100 }, () => createUser(t.db)));
    for (const b of buyers) await topUp(t.db, b.id, 10_000);

    const results = await Promise.all(
      buyers.map((b) =>
        placeOrder(db, { buyerId: b.id, checkoutKey: `last-${b.id}`, items: [{ listingId: listing.id, variantId: null, quantity: 1, seenUnitPrice: 4000 }], address: addr, payWith: 'wallet', settings }),
      ),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const r of lost) expect(!r.ok && r.message).toMatch(/Someone just bought the last.*Nothing was charged/);

    const row = await t.db('listings').where({ id: listing.id }).first('stock', 'reserved', 'status');
    expect(row).toMatchObject({ stock: 0, reserved: 0, status: 'sold_out' });
    const winner = won[0].ok ? won[0].order.buyer_id : 0;
    for (const b of buyers) {
      const bal = await balances(t.db, b.id);
      if (b.id === winner) expect(bal).toMatchObject({ available: 10_000 - 4000, held: 4000 });
      else expect(bal).toMatchObject({ available: 10_000, held: 0 });
    }
    expect(await t.db('orders').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});

const addr = { name: 'Ana Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };

describe('many multi-seller carts at once', () => {
  it('1,000 random carts over 8 workers: each all or nothing, no deadlock shown, reservations back to 0 after lapse or sale', async () => {
    const cat = await createCategoryRow(t.db);
    const sellers = await Promise.all(Array.from({ length: 4 }, () => createSeller(t.db)));
    const skus: { listingId: number; variantId: number | null; price: number }[] = [];
    const listingIds: number[] = [];
    for (const s of sellers) {
      for (let i = 0; i < 3; i++) {
        const l = await createListing(t.db, { seller_id: s.id, category_id: cat.id, stock: 40, price: 1000 + i * 100 });
        listingIds.push(l.id);
        skus.push({ listingId: l.id, variantId: null, price: 1000 + i * 100 });
      }
      // one listing with two variants
      const v = await createListing(t.db, { seller_id: s.id, category_id: cat.id, stock: null, price: 1500, variant_axes: ['size'] });
      listingIds.push(v.id);
      for (const [i, size] of ['S', 'M'].entries()) {
        const [row] = await t.db('listing_variants').insert({ listing_id: v.id, options: JSON.stringify({ size }), sku: `V${v.id}-${size}`, price: 1500 + i * 50, stock: 30, reserved: 0, position: i }).returning('id');
        skus.push({ listingId: v.id, variantId: Number(row.id), price: 1500 + i * 50 });
      }
    }
    const initial = await skuState(listingIds);
    const buyers = await Promise.all(Array.from({ length: 40 }, () => createUser(t.db)));
    // some buyers can pay from the wallet, some only partly, some not at all
    for (const [i, b] of buyers.entries()) if (i % 3 !== 2) await topUp(t.db, b.id, i % 3 === 0 ? 1_000_000 : 3_000);

    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const carts = Array.from({ length: 1000 }, (_, i) => {
      const items: PlaceItem[] = [];
      const n = 1 + rand(4);
      for (let k = 0; k < n; k++) {
        const s = skus[rand(skus.length)];
        items.push({ listingId: s.listingId, variantId: s.variantId, quantity: 1 + rand(3), seenUnitPrice: s.price });
      }
      const pay: PayWith = (['wallet', 'card', 'wallet_then_card'] as const)[rand(3)];
      return { buyer: buyers[i % buyers.length], items, pay, key: `cart-${i}` };
    });

    const outcomes: { ok: boolean; message?: string; orderId?: number }[] = [];
    const errors: unknown[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < carts.length) {
          const c = carts[next++];
          try {
            const r = await placeOrder(db, { buyerId: c.buyer.id, checkoutKey: c.key, items: c.items, address: addr, payWith: c.pay, settings });
            outcomes.push(r.ok ? { ok: true, orderId: r.order.id } : { ok: false, message: r.message });
          } catch (err) {
            errors.push(err);
          }
        }
      }),
    );
    // no request ever failed with a database error (deadlock, serialization, constraint)
    expect(errors).toEqual([]);
    expect(outcomes).toHaveLength(1000);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o.message).toMatch(/left|bought the last|wallet/);

    // all or nothing: every order holds exactly the reservations of its lines, and refused carts left none
    const orderIds = outcomes.filter((o) => o.ok).map((o) => o.orderId!);
    expect(orderIds.length).toBeGreaterThan(0);
    type Sum = { order_id: number; n: string }[];
    const reservedBy = (await db('stock_movements').where({ kind: 'reserved' }).whereIn('listing_id', listingIds).select('order_id').sum({ n: 'quantity' }).groupBy('order_id')) as unknown as Sum;
    const linesBy = (await db('order_lines').whereIn('order_id', orderIds).select('order_id').sum({ n: 'quantity' }).groupBy('order_id')) as unknown as Sum;
    expect(new Map(reservedBy.map((r) => [Number(r.order_id), Number(r.n)]))).toEqual(new Map(linesBy.map((r) => [Number(r.order_id), Number(r.n)])));

    // unpaid orders lapse: every reservation is released or sold
    const unpaid = await db('orders').where({ status: 'awaiting_payment' }).pluck('id');
    for (const id of unpaid) {
      const buyer = await db('orders').where({ id }).first('buyer_id');
      expect((await lapseOrder(db, Number(id), { by: 'buyer', buyerId: Number(buyer.buyer_id) })).ok).toBe(true);
    }
    const after = await skuState(listingIds);
    for (const l of after.listings.filter((x) => x.stock !== null)) expect(l.reserved).toBe(0);
    for (const v of after.variants) expect(v.reserved).toBe(0);
    // on hand now = on hand before − sold, per SKU, and never negative
    const sold = new Map<string, number>();
    for (const m of after.moves.filter((x) => x.kind === 'sold')) sold.set(`${m.listing_id}:${m.variant_id ?? 0}`, Number(m.n));
    for (const l of initial.listings.filter((x) => x.stock !== null)) {
      const now = after.listings.find((x) => x.id === l.id)!;
      expect(now.stock).toBe(l.stock - (sold.get(`${l.id}:0`) ?? 0));
      expect(now.stock).toBeGreaterThanOrEqual(0);
    }
    for (const v of initial.variants) {
      const now = after.variants.find((x) => x.id === v.id)!;
      expect(now.stock).toBe(v.stock - (sold.get(`${v.listing_id}:${v.id}`) ?? 0));
    }
    // each paid order's money equals its lines and shipping, and sits in escrow
    const paid = await db('orders').where({ status: 'paid' }).select('id', 'total', 'items_total', 'shipping_total');
    for (const o of paid) {
      const lines = await db('order_lines').where({ order_id: o.id }).sum({ n: 'line_total' }).first();
      expect(Number(lines!.n)).toBe(Number(o.items_total));
      const held = await db('holds').where({ reference_type: 'seller_order' }).whereIn('reference_id', db('seller_orders').where({ order_id: o.id }).select(db.raw('id::text'))).sum({ n: 'amount' }).first();
      expect(Number(held!.n)).toBe(Number(o.total));
    }
    expect(await verifyLedger(t.db)).toEqual([]);
    // nothing held for unpaid orders any more
    expect(await db('holds').where({ reference_type: 'order', status: 'open' }).count({ n: '*' }).first()).toEqual({ n: 0 });
  }, 300_000);
});
