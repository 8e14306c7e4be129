import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, openDispute } from '../../src/disputes/disputes.js';
import { shipOrder } from '../../src/orders/fulfilment.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin } from '../factories.js';
import { text, type Page } from '../http.js';
import { topUp } from '../ledger/helpers.js';
import { addToCart, checkoutForm, listing, MANY_SIGN_INS, NEW_ADDRESS, orderIdOf, placeOrder, shop, signedIn } from './buyer-helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: MANY_SIGN_INS });
});
afterAll(() => app?.stop());

const amountOf = (page: Page, selector: string) => {
  const el = page.doc.querySelector(selector);
  return el ? Number(el.getAttribute('data-amount')) : null;
};

/** The legs of the transfer that resolved a hold, by account, as the ledger has them. */
async function resolvedLegs(holdId: number) {
  return (await app.db('holds as h')
    .join('ledger_entries as e', 'e.transfer_id', 'h.resolved_transfer_id')
    .join('ledger_accounts as a', 'a.id', 'e.account_id')
    .where('h.id', holdId)
    .select('a.user_id', 'a.type', 'e.amount')) as { user_id: number | null; type: string; amount: number }[];
}

describe('money and disputes on the order pages', () => {
  it('shows the escrow while held, a dispute while open, and after the decision the amounts the ledger moved', async () => {
    const s = await shop(app, 500);
    const tray = await listing(app.db, s.seller.id, { title: 'Walnut tray', price: 4000, stock: 3 });
    const buyer = await signedIn(app);
    await topUp(app.db, buyer.user.id, 10_000);
    await addToCart(buyer.c, tray.id);
    const orderId = orderIdOf((await placeOrder(buyer.c, NEW_ADDRESS)).headers.get('location'));
    const so = await app.db('seller_orders').where({ order_id: orderId }).first();
    const partId = Number(so.id);
    expect(Number(so.total)).toBe(4500);

    // paid: held in escrow, read from the hold; the seller sees what each line and the order bring them
    let sellerPage = await s.c.get(`/seller/orders/${partId}`);
    let buyerPage = await buyer.c.get(`/orders/${orderId}`);
    for (const page of [sellerPage, buyerPage]) {
      expect(page.doc.querySelector(`#escrow-money-${partId}`)?.getAttribute('data-state')).toBe('held');
      expect(amountOf(page, `#escrow-money-${partId} .held`)).toBe(4500);
      expect(page.doc.querySelector(`#part-dispute-${partId}`)).toBeNull();
    }
    expect(text(sellerPage.doc.querySelector(`#escrow-money-${partId}`))).toContain('€45.00');
    expect(amountOf(sellerPage, '#order-lines .receive')).toBe(3600);
    expect(amountOf(sellerPage, '#money-receive')).toBe(4100);
    expect(sellerPage.doc.querySelectorAll('#order-lines thead th').map((th) => text(th))).toContain('You receive');

    // an open dispute is linked from both pages
    expect((await shipOrder(app.db, partId, { role: 'seller', userId: s.seller.id }, { carrier: 'CTT', trackingNumber: 'RR123456789PT' })).ok).toBe(true);
    const opened = await openDispute(app.db, { viewer: { id: buyer.user.id, is_admin: false }, sellerOrderId: partId, reason: 'damaged', body: 'It arrived cracked in two.', imageKeys: [], escalationDays: 3 });
    if (!opened.ok) throw new Error(opened.message);
    const disputeId = opened.dispute.id;
    sellerPage = await s.c.get(`/seller/orders/${partId}`);
    buyerPage = await buyer.c.get(`/orders/${orderId}`);
    for (const page of [sellerPage, buyerPage]) {
      const note = page.doc.querySelector(`#part-dispute-${partId}`);
      expect(text(note)).toBe('Dispute open — view it');
      expect(note?.querySelector('a')?.getAttribute('href')).toBe(`/disputes/${disputeId}`);
    }

    // Souk splits: €10.00 back to the buyer, the rest captured for the seller less the commission on it
    const admin = await createAdmin(app.db);
    const decided = await decide(app.db, { id: admin.id, is_admin: true }, disputeId, { decision: 'split', reason: 'Half the tray is usable', amount: 1000 });
    expect(decided.ok).toBe(true);
    const hold = (await app.db('seller_orders').where({ id: partId }).first('hold_id')).hold_id;
    const legs = await resolvedLegs(hold);
    const leg = (userId: number | null, type: string) => legs.filter((l) => l.user_id === userId && l.type === type && l.amount > 0).reduce((n, l) => n + l.amount, 0);
    const moved = { received: leg(s.seller.id, 'available'), commission: leg(null, 'revenue'), returned: leg(buyer.user.id, 'available') };
    expect(moved.returned).toBe(1000);
    expect(moved.received + moved.commission + moved.returned).toBe(4500);

    sellerPage = await s.c.get(`/seller/orders/${partId}`);
    buyerPage = await buyer.c.get(`/orders/${orderId}`);
    for (const page of [sellerPage, buyerPage]) {
      expect(page.doc.querySelector(`#escrow-money-${partId}`)?.getAttribute('data-state')).toBe('captured');
      expect(amountOf(page, `#escrow-money-${partId} .received`)).toBe(moved.received);
      expect(amountOf(page, `#escrow-money-${partId} .commission`)).toBe(moved.commission);
      expect(amountOf(page, `#escrow-money-${partId} .returned`)).toBe(moved.returned);
      const note = page.doc.querySelector(`#part-dispute-${partId}`);
      expect(text(note)).toBe('Dispute resolved — Souk split the payment: €10.00 back to the buyer. View it');
      expect(note?.querySelector('a')?.getAttribute('href')).toBe(`/disputes/${disputeId}`);
    }
    expect(text(sellerPage.doc.querySelector(`#escrow-money-${partId}`))).toContain('You received');
    expect(text(buyerPage.doc.querySelector(`#escrow-money-${partId}`))).toContain('Returned to you');
    // no quote beside what really moved
    expect(sellerPage.doc.querySelector('#money-receive')).toBeNull();
  });

  it('shows what went back to the buyer when a part is cancelled, and nothing before payment', async () => {
    const s = await shop(app);
    const lamp = await listing(app.db, s.seller.id, { price: 2000, stock: 2 });
    const buyer = await signedIn(app);
    await topUp(app.db, buyer.user.id, 5000);
    await addToCart(buyer.c, lamp.id);
    const orderId = orderIdOf((await placeOrder(buyer.c, NEW_ADDRESS)).headers.get('location'));
    const partId = Number((await app.db('seller_orders').where({ order_id: orderId }).first('id')).id);
    const cancelled = await s.c.post(`/seller-orders/${partId}/cancellation`, { reason: 'Out of stock after all' });
    expect(cancelled.status).toBe(200);
    const page = await buyer.c.get(`/orders/${orderId}`);
    expect(page.doc.querySelector(`#escrow-money-${partId}`)?.getAttribute('data-state')).toBe('released');
    expect(amountOf(page, `#escrow-money-${partId} .returned`)).toBe(2000);
    expect(page.doc.querySelector(`#escrow-money-${partId} .received`)).toBeNull();

    // a card order not paid yet has no escrow to show
    const other = await signedIn(app);
    await addToCart(other.c, lamp.id);
    expect((await placeOrder(other.c, { ...NEW_ADDRESS, pay_with: 'card' })).status).toBe(303);
    const unpaid = Number((await app.db('orders').where({ buyer_id: other.user.id, status: 'awaiting_payment' }).first('id')).id);
    const unpaidPart = Number((await app.db('seller_orders').where({ order_id: unpaid }).first('id')).id);
    expect((await other.c.get(`/orders/${unpaid}`)).doc.querySelector(`#escrow-money-${unpaidPart}`)).toBeNull();
  });
});

describe('booking dates', () => {
  it('reads as the day the buyer chose in the cart, at checkout and on both order pages', async () => {
    const s = await shop(app);
    const lesson = await listing(app.db, s.seller.id, { kind: 'service', title: 'Pottery lesson', price: 4500, stock: null });
    const buyer = await signedIn(app);
    await topUp(app.db, buyer.user.id, 5000);
    await addToCart(buyer.c, lesson.id, { booking_date: '2099-05-31', booking_note: 'Beginner' });
    const noRawDate = (page: Page) => expect(page.html).not.toMatch(/(Sun|Mon|Tue|Wed|Thu|Fri|Sat) May 3[01] 2099|GMT|Coordinated Universal Time/);

    const cart = await buyer.c.get('/cart');
    expect(text(cart.doc.querySelector('.booking'))).toContain('Preferred date: 2099-05-31');
    noRawDate(cart);
    const { page: checkout } = await checkoutForm(buyer.c);
    expect(text(checkout.doc.querySelector('.booking'))).toContain('preferred date 2099-05-31');
    noRawDate(checkout);

    const orderId = orderIdOf((await placeOrder(buyer.c)).headers.get('location'));
    const partId = Number((await app.db('seller_orders').where({ order_id: orderId }).first('id')).id);
    const buyerPage = await buyer.c.get(`/orders/${orderId}`);
    expect(text(buyerPage.doc.querySelector('.order-line .booking'))).toContain('Preferred date: 2099-05-31');
    noRawDate(buyerPage);
    const sellerPage = await s.c.get(`/seller/orders/${partId}`);
    expect(text(sellerPage.doc.querySelector('#order-lines th[scope=row] .meta'))).toBe('Booked for 2099-05-31 — Beginner');
    noRawDate(sellerPage);
  });
});
