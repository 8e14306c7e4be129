import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmReceipt, markDelivered, shipOrder } from '../../src/orders/fulfilment.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { placePaidOrder } from './helpers.js';

let app: TestApp;
let admin: Client;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  const a = await createAdmin(app.db);
  admin = new Client(app.baseUrl);
  expect((await admin.signIn(a.email, a.password)).status).toBe(200);
});
afterAll(() => app?.stop());

const ids = (page: Awaited<ReturnType<Client['get']>>) => page.doc.querySelectorAll('#admin-orders tbody tr').map((r) => r.getAttribute('id'));

describe('admin orders', () => {
  it('lists every seller order with filters and keyset pages; bad filters are shown beside their field', async () => {
    const lamps = await createSeller(app.db, { shop_name: 'Lamp Corner' });
    const books = await createSeller(app.db, { shop_name: 'Book Nook' });
    const ana = await createUser(app.db, { display_name: 'Ana' });
    const a = await placePaidOrder(app.db, { seller: lamps, buyer: ana });
    const b = await placePaidOrder(app.db, { seller: books });
    const c = await placePaidOrder(app.db, { seller: books, payWith: 'card' });

    const all = await admin.get('/admin/orders');
    expect(all.status).toBe(200);
    expect(ids(all).slice(0, 3)).toEqual([`admin-seller-order-${c.sellerOrder.id}`, `admin-seller-order-${b.sellerOrder.id}`, `admin-seller-order-${a.sellerOrder.id}`]);
    expect(all.doc.querySelector('#nav-admin-orders')?.getAttribute('href')).toBe('/admin/orders');

    expect(ids(await admin.get('/admin/orders?seller=lamp+corner'))).toEqual([`admin-seller-order-${a.sellerOrder.id}`]);
    expect(ids(await admin.get(`/admin/orders?seller=${encodeURIComponent(books.email)}`))).toEqual([`admin-seller-order-${c.sellerOrder.id}`, `admin-seller-order-${b.sellerOrder.id}`]);
    expect(ids(await admin.get(`/admin/orders?buyer=${encodeURIComponent(ana.email)}`))).toEqual([`admin-seller-order-${a.sellerOrder.id}`]);
    expect(ids(await admin.get(`/admin/orders?order=%23${b.order.id}`))).toEqual([`admin-seller-order-${b.sellerOrder.id}`]);
    expect(ids(await admin.get(`/admin/orders?status=awaiting_payment&seller=book`))).toEqual([`admin-seller-order-${c.sellerOrder.id}`]);
    expect(ids(await admin.get(`/admin/orders?seller=book&before=${c.sellerOrder.id}`))).toEqual([`admin-seller-order-${b.sellerOrder.id}`]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await admin.get(`/admin/orders?seller=book&from=${today}&to=${today}`))).toHaveLength(2);
    expect(ids(await admin.get(`/admin/orders?seller=book&to=2000-01-01`))).toEqual([]);
    // a LIKE wildcard matches itself only
    expect(ids(await admin.get('/admin/orders?seller=%25'))).toEqual([]);

    const bad = await admin.get('/admin/orders?from=yesterday&order=12x&status=nonsense&seller=book');
    expect(bad.status).toBe(200);
    expect(text(bad.doc.querySelector('#f-from-error'))).toContain('YYYY-MM-DD');
    expect(text(bad.doc.querySelector('#f-order-error'))).toContain('digits');
    expect(bad.doc.querySelector('#f-from')?.getAttribute('value')).toBe('yesterday');
    expect(ids(bad)).toHaveLength(2);
  });

  it('shows the whole order: each part, its lines, the timeline and every ledger transfer about it', async () => {
    const { seller, buyer, order, sellerOrder } = await placePaidOrder(app.db, { price: 4000 });
    const as = { role: 'seller' as const, userId: seller.id };
    await shipOrder(app.db, sellerOrder.id, as, { carrier: 'CTT', trackingNumber: 'RR1234' });
    await markDelivered(app.db, sellerOrder.id, as);
    expect((await confirmReceipt(app.db, sellerOrder.id, { role: 'buyer', userId: buyer.id })).ok).toBe(true);

    const page = await admin.get(`/admin/orders/${order.id}`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('#order-buyer'))).toContain(buyer.email);
    expect(page.doc.querySelector(`#admin-part-${sellerOrder.id}`)?.getAttribute('data-status')).toBe('completed');
    expect(page.doc.querySelectorAll(`#admin-part-${sellerOrder.id} li[id^=admin-line-]`)).toHaveLength(1);
    expect(page.doc.querySelectorAll('#order-timeline li').map((li) => li.getAttribute('data-type'))).toEqual(['placed', 'paid', 'shipped', 'delivered', 'completed']);

    const transfers = page.doc.querySelectorAll('#order-transfers tbody tr');
    const byKey = new Map(transfers.map((tr) => [text(tr.querySelector('.key')), tr]));
    const escrow = byKey.get(`escrow:${sellerOrder.id}`);
    expect(escrow?.getAttribute('data-kind')).toBe('hold');
    expect(escrow!.querySelectorAll('.legs li').map((li) => Number(li.getAttribute('data-amount'))).sort((x, y) => x - y)).toEqual([-4000, 4000]);
    const capture = byKey.get(`escrow-capture:${sellerOrder.id}`);
    expect(capture?.getAttribute('data-kind')).toBe('capture');
    const legs = capture!.querySelectorAll('.legs li').map((li) => Number(li.getAttribute('data-amount'))).sort((x, y) => x - y);
    expect(legs).toEqual([-4000, 400, 3600]);
    expect(text(capture)).toContain('platform · revenue');
    // only this order's money: the escrow hold and its capture (not the buyer's top-up, not other orders)
    expect([...byKey.keys()].sort()).toEqual([`escrow-capture:${sellerOrder.id}`, `escrow:${sellerOrder.id}`]);

    expect((await admin.get('/admin/orders/999999999')).status).toBe(404);
    expect((await admin.get('/admin/orders/nope')).status).toBe(404);
  });

  it('is for admins only', async () => {
    const { seller, buyer, order } = await placePaidOrder(app.db);
    for (const who of [seller, buyer]) {
      const c = new Client(app.baseUrl);
      await c.signIn(who.email, who.password);
      expect((await c.get('/admin/orders', { follow: false })).status).toBe(403);
      expect((await c.get(`/admin/orders/${order.id}`, { follow: false })).status).toBe(403);
    }
    expect((await new Client(app.baseUrl).get('/admin/orders', { follow: false })).status).toBe(303);
  });
});
