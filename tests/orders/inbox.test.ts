import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptOrder, cancelSellerOrder, markDelivered, shipOrder } from '../../src/orders/fulfilment.js';
import { streams } from '../../src/realtime/streams.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { flash, listen } from '../payouts/helpers.js';
import { notificationsOf, placePaidOrder, sellerListing, sellerOrderRow } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const asSeller = (userId: number) => ({ role: 'seller' as const, userId });

describe('the seller inbox', () => {
  it('sorts paid orders into tabs with counts, shows what the seller receives, never the buyer email, and refreshes live', async () => {
    const seller = await createSeller(app.db);
    const buyer = await createUser(app.db, { display_name: 'Alice Buyer' });
    const lamp = await sellerListing(app.db, seller.id, { title: 'Brass lamp', price: 4000, stock: 9 });
    const fresh = await placePaidOrder(app.db, { seller, buyer, listing: lamp, price: 4000, quantity: 2 });
    const accepted = await placePaidOrder(app.db, { seller, buyer, listing: lamp, price: 4000 });
    const shipped = await placePaidOrder(app.db, { seller, buyer, listing: lamp, price: 4000 });
    const cancelled = await placePaidOrder(app.db, { seller, buyer, listing: lamp, price: 4000 });
    // an unpaid card order is not the seller's to act on yet
    await placePaidOrder(app.db, { seller, buyer, listing: lamp, price: 4000, payWith: 'card' });
    expect((await acceptOrder(app.db, accepted.sellerOrder.id, asSeller(seller.id))).ok).toBe(true);
    expect((await shipOrder(app.db, shipped.sellerOrder.id, asSeller(seller.id), { carrier: 'CTT', trackingNumber: 'RR123' })).ok).toBe(true);
    expect((await cancelSellerOrder(app.db, cancelled.sellerOrder.id, asSeller(seller.id), 'broken in storage')).ok).toBe(true);

    const c = await signedIn(seller);
    const page = await c.get('/seller/orders');
    expect(page.status).toBe(200);
    const count = (p: typeof page, tab: string) => p.doc.querySelector(`a[data-tab=${tab}] .badge`)?.getAttribute('data-count');
    expect(['new', 'to_ship', 'shipped', 'completed', 'problems'].map((t) => count(page, t))).toEqual(['1', '1', '1', '0', '1']);
    const rows = page.doc.querySelectorAll('#orders-table tbody tr');
    expect(rows.map((r) => r.getAttribute('id'))).toEqual([`seller-order-row-${fresh.sellerOrder.id}`]);
    const row = rows[0];
    expect(text(row.querySelector('th a'))).toBe(`#${fresh.order.id}`);
    expect(text(row.querySelector('.buyer'))).toBe('Alice Buyer');
    expect(text(row.querySelector('.items'))).toBe('Brass lamp × 2');
    expect(text(row.querySelector('.total'))).toBe('€80.00');
    // the default commission is 10%
    expect(text(row.querySelector('.receive'))).toBe('€72.00');
    expect(row.querySelector('[data-status]')?.getAttribute('data-status')).toBe('paid');
    expect(page.html).not.toContain(buyer.email);
    expect(page.doc.querySelector('#nav-seller-orders')?.getAttribute('href')).toBe('/seller/orders');

    const toShip = await c.get('/seller/orders?tab=to_ship');
    expect(toShip.doc.querySelectorAll('#orders-table tbody tr').map((r) => r.getAttribute('id'))).toEqual([`seller-order-row-${accepted.sellerOrder.id}`]);
    const problems = await c.get('/seller/orders?tab=problems');
    expect(problems.doc.querySelectorAll('#orders-table tbody tr').map((r) => r.getAttribute('data-status'))).toEqual(['cancelled']);

    const wrapper = page.doc.querySelector('#seller-orders')!;
    expect(wrapper.getAttribute('hx-trigger')).toBe('sse:orders, htmx:sseOpen from:body');
    expect(wrapper.getAttribute('hx-get')).toBe('/seller/orders/list');
    const frag = await c.get('/seller/orders/list?tab=shipped', { htmx: true });
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector('#seller-orders')?.getAttribute('hx-get')).toBe('/seller/orders/list?tab=shipped');
    expect(frag.doc.querySelectorAll('#orders-table tbody tr').map((r) => r.getAttribute('id'))).toEqual([`seller-order-row-${shipped.sellerOrder.id}`]);
    // nonsense in the query is a default, not an error
    expect((await c.get('/seller/orders?tab=bogus&before=abc')).status).toBe(200);
    // text the database cannot store is refused with a message, never a 500
    expect((await c.get('/seller/orders?tab=%00')).status).toBe(422);

    // a new paid order signals the seller's open pages
    const got = await listen(app, c, streams.user(seller.id), 'orders');
    await placePaidOrder(app.db, { seller, listing: lamp, price: 4000 });
    expect(await got()).toBe('changed');
  });

  it('tells the seller of a new order by the buyer name, without the buyer email', async () => {
    const { seller, buyer, order, sellerOrder } = await placePaidOrder(app.db, { price: 4000 });
    const n = await eventually(async () => (await notificationsOf(app.db, seller.id)).find((x) => x.kind === 'sale.new'));
    expect(n.title).toBe(`New order #${order.id} from Alice Buyer: €40.00`);
    expect(n.link).toBe(`/seller/orders/${sellerOrder.id}`);
    expect(`${n.title} ${n.body}`).not.toContain(buyer.email);
  });

  it('tells the seller when a sale leaves their stock low', async () => {
    const seller = await createSeller(app.db);
    const vase = await sellerListing(app.db, seller.id, { title: 'Blue vase', stock: 3 });
    await placePaidOrder(app.db, { seller, listing: vase, quantity: 2 });
    const n = await eventually(async () => (await notificationsOf(app.db, seller.id)).find((x) => x.kind === 'stock.low'));
    expect(n.title).toBe('Only 1 left of “Blue vase”');
    expect(n.link).toBe(`/seller/listings/${vase.id}`);
  });

  it('alerts at the threshold the seller set, once as a sale crosses it, naming the listing and how many are left', async () => {
    const seller = await createSeller(app.db);
    const c = await signedIn(seller);
    expect((await c.post('/seller/shipping', { shipping_flat: '0', shipping_free_over: '', low_stock_threshold: '3' })).status).toBe(200);
    const jug = await sellerListing(app.db, seller.id, { title: 'Clay jug', stock: 6 });
    const lowAlerts = async () => (await notificationsOf(app.db, seller.id)).filter((x) => x.kind === 'stock.low');
    await placePaidOrder(app.db, { seller, listing: jug, quantity: 2 }); // 4 left: above the threshold
    await placePaidOrder(app.db, { seller, listing: jug, quantity: 2 }); // 2 left: crosses it
    await placePaidOrder(app.db, { seller, listing: jug, quantity: 1 }); // 1 left: already below, no second alert
    const n = await eventually(async () => (await lowAlerts())[0]);
    expect(n).toMatchObject({ title: 'Only 2 left of “Clay jug”', body: 'Add stock to keep it on sale.', link: `/seller/listings/${jug.id}` });
    // the relay has handled every sale by now: still the one alert
    await eventually(async () => ((await notificationsOf(app.db, seller.id)).filter((x) => x.kind === 'sale.new').length === 3 ? true : undefined));
    expect(await lowAlerts()).toHaveLength(1);
    // the seller reads it among their notifications
    expect(text((await c.get('/notifications')).doc.querySelector('main'))).toContain('Only 2 left of “Clay jug”');

    // the last unit sold: the seller hears it is sold out, though they were told it was low
    await placePaidOrder(app.db, { seller, listing: jug, quantity: 1 });
    const out = await eventually(async () => (await lowAlerts()).find((x) => x.title === '“Clay jug” is sold out'));
    expect(out.link).toBe(`/seller/listings/${jug.id}`);
  });
});

describe('the seller order page', () => {
  it('shows the seller part, money and address; accepting and shipping without scripts redirect and notify the buyer', async () => {
    const { seller, buyer, order, sellerOrder } = await placePaidOrder(app.db, { price: 4000 });
    const c = await signedIn(seller);
    const page = await c.get(`/seller/orders/${sellerOrder.id}`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe(`Order #${order.id}`);
    expect(text(page.doc.querySelector('#money-total'))).toBe('€40.00');
    expect(text(page.doc.querySelector('#money-commission'))).toBe('€4.00');
    expect(page.doc.querySelector('#money-receive')?.getAttribute('data-amount')).toBe('3600');
    expect(text(page.doc.querySelector('#escrow-status'))).toContain('Held in escrow');
    expect(text(page.doc.querySelector('#order-lines .commission'))).toContain('(10%)');
    expect(text(page.doc.querySelector('#ship-to'))).toContain('Rua Augusta 1');
    expect(page.html).not.toContain(buyer.email);
    expect(page.doc.querySelector(`#accept-form-${sellerOrder.id}`)?.getAttribute('action')).toBe(`/seller-orders/${sellerOrder.id}/acceptance`);
    expect(page.doc.querySelector(`#cancel-form-${sellerOrder.id}`)?.getAttribute('action')).toBe(`/seller-orders/${sellerOrder.id}/cancellation`);
    expect(page.doc.querySelector(`#seller-order-${sellerOrder.id}`)?.getAttribute('hx-trigger')).toContain('sse:orders');

    const accepted = await c.post(`/seller-orders/${sellerOrder.id}/acceptance`);
    expect(accepted.url).toContain(`/seller/orders/${sellerOrder.id}`);
    expect(flash(accepted)).toContain('accepted');
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('accepted');

    // bad input: each message beside its field, the input kept, nothing changed
    const bad = await c.post(`/seller-orders/${sellerOrder.id}/shipment`, { carrier: 'X', tracking_number: 'AB<1>' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-carrier-error'))).toContain('at least 2');
    expect(text(bad.doc.querySelector('#f-tracking_number-error'))).toContain('letters, digits');
    expect(bad.doc.querySelector('#f-tracking_number')?.getAttribute('value')).toBe('AB<1>');
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('accepted');

    const shipped = await c.post(`/seller-orders/${sellerOrder.id}/shipment`, { carrier: 'CTT Expresso', tracking_number: 'RR 1234-PT' });
    expect(flash(shipped)).toContain('shipped');
    expect(await sellerOrderRow(app.db, sellerOrder.id)).toMatchObject({ status: 'shipped', carrier: 'CTT Expresso', tracking_number: 'RR 1234-PT' });
    expect(text(shipped.doc.querySelector('#order-timeline'))).toContain('Shipped with CTT Expresso, tracking number RR 1234-PT.');
    expect(shipped.doc.querySelector(`#deliver-form-${sellerOrder.id}`)).toBeTruthy();

    const n = await eventually(async () => (await notificationsOf(app.db, buyer.id)).find((x) => x.kind === 'order.shipped'));
    expect(n.title).toBe(`Order #${order.id} is on its way`);
    expect(n.body).toContain('RR 1234-PT');
    expect(n.link).toBe(`/orders/${order.id}`);

    // htmx: the answer is a redirect header, the delivery moves the order on
    const delivered = await c.post(`/seller-orders/${sellerOrder.id}/delivery`, {}, { htmx: true });
    expect(delivered.headers.get('hx-redirect')).toBe(`/seller/orders/${sellerOrder.id}`);
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('delivered');
  });

  it('refuses transitions the state does not allow with the reason (422) and changes nothing', async () => {
    const a = await placePaidOrder(app.db);
    const c = await signedIn(a.seller);

    // deliver what has not been shipped
    await c.get(`/seller/orders/${a.sellerOrder.id}`);
    const paid = await sellerOrderRow(app.db, a.sellerOrder.id);
    const notShipped = await c.post(`/seller-orders/${a.sellerOrder.id}/delivery`, {}, { htmx: true });
    expect(notShipped.status).toBe(422);
    expect(notShipped.doc.querySelector('html')).toBeNull();
    expect(notShipped.doc.querySelector(`#seller-order-${a.sellerOrder.id}`)).toBeTruthy();
    expect(text(notShipped.doc.querySelector('.order-actions'))).toContain('Mark the order as shipped first.');
    expect(await sellerOrderRow(app.db, a.sellerOrder.id)).toEqual(paid);

    // accept twice
    await c.post(`/seller-orders/${a.sellerOrder.id}/acceptance`);
    const before = await sellerOrderRow(app.db, a.sellerOrder.id);
    expect(before.status).toBe('accepted');
    const twice = await c.post(`/seller-orders/${a.sellerOrder.id}/acceptance`);
    expect(twice.status).toBe(422);
    expect(text(twice.doc.querySelector('.order-actions'))).toContain('This order is already accepted.');
    expect(await sellerOrderRow(app.db, a.sellerOrder.id)).toEqual(before);

    // ship a cancelled one
    const b = await placePaidOrder(app.db, { seller: a.seller });
    expect((await cancelSellerOrder(app.db, b.sellerOrder.id, asSeller(a.seller.id), 'out of stock')).ok).toBe(true);
    const cancelled = await sellerOrderRow(app.db, b.sellerOrder.id);
    const ship = await c.post(`/seller-orders/${b.sellerOrder.id}/shipment`, { carrier: 'CTT', tracking_number: 'RR99' });
    expect(ship.status).toBe(422);
    expect(text(ship.doc.querySelector('.order-actions'))).toContain("It can't be shipped while it is cancelled.");
    expect(ship.doc.querySelector(`#ship-form-${b.sellerOrder.id}`)).toBeNull();
    expect(await sellerOrderRow(app.db, b.sellerOrder.id)).toEqual(cancelled);
  });

  it('answers 404 to another seller and to a buyer, and changes nothing', async () => {
    const a = await placePaidOrder(app.db);
    const other = await createSeller(app.db);
    const before = await sellerOrderRow(app.db, a.sellerOrder.id);
    for (const who of [other, a.buyer]) {
      const c = await signedIn(who);
      expect((await c.get(`/seller/orders/${a.sellerOrder.id}`)).status).toBe(404);
      await c.get('/seller/orders');
      expect((await c.post(`/seller-orders/${a.sellerOrder.id}/acceptance`)).status).toBe(404);
      expect((await c.post(`/seller-orders/${a.sellerOrder.id}/shipment`, { carrier: 'CTT', tracking_number: 'RR99' })).status).toBe(404);
      expect((await c.post(`/seller-orders/${a.sellerOrder.id}/delivery`)).status).toBe(404);
      const inbox = await c.get('/seller/orders');
      expect(inbox.doc.querySelector(`#seller-order-row-${a.sellerOrder.id}`)).toBeNull();
    }
    expect((await (await signedIn(other)).get('/seller/orders/999999999')).status).toBe(404);
    expect((await (await signedIn(other)).get('/seller/orders/abc')).status).toBe(404);
    expect(await sellerOrderRow(app.db, a.sellerOrder.id)).toEqual(before);
    // signed out: to the sign-in page
    expect((await new Client(app.baseUrl).get(`/seller/orders/${a.sellerOrder.id}`, { follow: false })).status).toBe(303);
  });

  it('tells the seller when the buyer confirms receipt, with what they were paid', async () => {
    const { seller, buyer, order, sellerOrder } = await placePaidOrder(app.db, { price: 4000 });
    await shipOrder(app.db, sellerOrder.id, asSeller(seller.id), { carrier: 'CTT', trackingNumber: 'RR1234' });
    await markDelivered(app.db, sellerOrder.id, asSeller(seller.id));
    const { confirmReceipt } = await import('../../src/orders/fulfilment.js');
    expect((await confirmReceipt(app.db, sellerOrder.id, { role: 'buyer', userId: buyer.id })).ok).toBe(true);
    const n = await eventually(async () => (await notificationsOf(app.db, seller.id)).find((x) => x.kind === 'sale.completed'));
    expect(n.title).toBe(`Order #${order.id}: receipt confirmed`);
    expect(n.body).toContain('€36.00');
  });
});
