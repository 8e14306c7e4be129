import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.js';
import { decide, escalateDue } from '../../src/disputes/disputes.js';
import { balances, verifyLedger } from '../../src/ledger/ledger.js';
import { clock } from '../../src/lib/clock.js';
import { cancelSellerOrder, confirmReceipt, markDelivered, releaseDue, shipOrder } from '../../src/orders/fulfilment.js';
import { placeOrder } from '../../src/orders/placement.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { text, type Client, type Page } from '../http.js';
import { topUp } from '../ledger/helpers.js';
import { png, postMultipart } from '../media/helpers.js';
import { flash, listen, platformBalance, signedIn } from '../payouts/helpers.js';

const DAY = 86_400_000;
const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };
const addr = { name: 'Ana Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };

let app: TestApp;
let db: Db;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let category: { id: number };

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
  // a pool of its own, so concurrent decisions really run side by side
  db = createDb(app.databaseUrl, 8);
  admin = await createAdmin(app.db);
  category = await createCategoryRow(app.db);
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await db?.destroy();
  await app?.stop();
});

type Stage = 'paid' | 'shipped' | 'delivered';
let placed = 0;

/** A buyer's wallet-paid order for one item from one seller, taken to `stage`. */
async function order(stage: Stage = 'delivered', price = 5000) {
  const seller = await createSeller(app.db);
  const buyer = await createUser(app.db);
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: category.id, stock: 5, price });
  await topUp(app.db, buyer.id, price);
  const r = await placeOrder(app.db, { buyerId: buyer.id, checkoutKey: `dispute-${++placed}`, items: [{ listingId: listing.id, variantId: null, quantity: 1, seenUnitPrice: price }], address: addr, payWith: 'wallet', settings });
  if (!r.ok) throw new Error(r.message);
  const so = await app.db('seller_orders').where({ order_id: r.order.id }).first();
  if (stage !== 'paid') expect((await shipOrder(app.db, so.id, { role: 'seller', userId: seller.id }, { carrier: 'CTT', trackingNumber: 'RR123' })).ok).toBe(true);
  if (stage === 'delivered') expect((await markDelivered(app.db, so.id, { role: 'seller', userId: seller.id })).ok).toBe(true);
  return { seller, buyer, soId: Number(so.id), orderId: Number(r.order.id), total: Number(so.total), commission: Number(so.commission) };
}

async function openByForm(c: Client, soId: number, over: Record<string, string> = {}): Promise<Page> {
  await c.get(`/seller-orders/${soId}/dispute/new`);
  return c.post(`/seller-orders/${soId}/disputes`, { reason: 'damaged', message: 'The lamp arrived with a cracked shade.', ...over });
}

/** An open dispute on a delivered order, opened by its buyer through the form. */
async function disputed(price = 5000) {
  const o = await order('delivered', price);
  const buyerC = await signedIn(app, o.buyer);
  const page = await openByForm(buyerC, o.soId);
  expect(page.status).toBe(200);
  const d = await app.db('disputes').where({ seller_order_id: o.soId }).first();
  expect(d).toBeTruthy();
  return { ...o, buyerC, disputeId: Number(d.id) };
}

const soRow = (id: number) => app.db('seller_orders').where({ id }).first();
const disputeRow = (id: number) => app.db('disputes').where({ id }).first();
/** The escrow transfers of a seller order: a capture or a release, never both, never twice. */
const escrowMoves = async (soId: number) => (await app.db('ledger_transfers').whereIn('idempotency_key', [`escrow-capture:${soId}`, `escrow-release:${soId}`]).pluck('idempotency_key')) as string[];
const notified = (userId: number, kind: string) => eventually(async () => app.db('notifications').where({ user_id: userId, kind }).first(), 15_000);

describe('opening a dispute', () => {
  it('pauses the escrow release: past the release date the seller is not paid', async () => {
    const o = await order('delivered');
    const buyerC = await signedIn(app, o.buyer);
    const form = await buyerC.get(`/seller-orders/${o.soId}/dispute/new`);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector('#dispute-open-form select[name=reason]')).toBeTruthy();
    const page = await buyerC.post(`/seller-orders/${o.soId}/disputes`, { reason: 'not_as_described', message: 'The colour is nothing like the photos.' });
    expect(page.status).toBe(200);
    expect(flash(page)).toContain('The dispute is open');
    const d = await app.db('disputes').where({ seller_order_id: o.soId }).first();
    expect(d).toMatchObject({ status: 'open', reason: 'not_as_described', previous_status: 'delivered', buyer_id: o.buyer.id, seller_id: o.seller.id });
    expect(new Date(d.escalate_at).getTime() - new Date(d.created_at).getTime()).toBe(3 * DAY);
    expect(await soRow(o.soId)).toMatchObject({ status: 'disputed', release_due_at: null });
    expect(text(page.doc.querySelector(`#dispute-${d.id}-thread`))).toContain('The colour is nothing like the photos.');
    expect(page.doc.querySelector(`#dispute-${d.id}-status`)?.getAttribute('data-status')).toBe('open');

    clock.advance(8 * DAY);
    const release = await releaseDue(app.db, o.soId);
    expect(release.ok).toBe(false);
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 0 });
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 0, held: o.total });
    expect(await escrowMoves(o.soId)).toEqual([]);
    await notified(o.seller.id, 'dispute.opened');
  });

  it('keeps the input and puts each error beside its field', async () => {
    const o = await order('shipped');
    const c = await signedIn(app, o.buyer);
    const page = await openByForm(c, o.soId, { reason: '', message: 'Too short' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-reason-error'))).toContain('Choose what went wrong');
    expect(text(page.doc.querySelector('#f-message-error'))).toContain('at least 10');
    expect(page.doc.querySelector('textarea[name=message]')?.textContent).toBe('Too short');
    expect(await app.db('disputes').where({ seller_order_id: o.soId }).first()).toBeUndefined();
    expect((await soRow(o.soId)).status).toBe('shipped');
  });

  it('stores photos normalized, shows them to the parties and admins only', async () => {
    const o = await order('delivered');
    const c = await signedIn(app, o.buyer);
    await c.get(`/seller-orders/${o.soId}/dispute/new`);
    const photo = { field: 'photos', name: 'crack.png', type: 'image/png', data: await png(400, 300) };
    const res = await postMultipart(c, `/seller-orders/${o.soId}/disputes`, { fields: { reason: 'damaged', message: 'Cracked shade, see the photo.' }, files: [photo] });
    expect(res.status).toBe(303);
    const d = await app.db('disputes').where({ seller_order_id: o.soId }).first();
    const [m] = await app.db('dispute_messages').where({ dispute_id: d.id });
    expect(m.image_keys).toHaveLength(1);
    expect(m.image_keys[0]).toMatch(/^img\/.+\.webp$/);
    const url = `/disputes/${d.id}/messages/${m.id}/photos/1`;
    const page = await c.get(`/disputes/${d.id}`);
    expect(page.doc.querySelector(`img[src="${url}"]`)).toBeTruthy();

    const get = async (who: Client | null) =>
      fetch(new URL(url, app.baseUrl), { headers: who ? { cookie: `souk.sid=${who.cookie('souk.sid')}` } : {}, redirect: 'manual' });
    const asBuyer = await get(c);
    expect(asBuyer.status).toBe(200);
    expect(asBuyer.headers.get('content-type')).toBe('image/webp');
    expect(asBuyer.headers.get('cache-control')).toContain('private');
    expect((await get(await signedIn(app, o.seller))).status).toBe(200);
    expect((await get(await signedIn(app, admin))).status).toBe(200);
    expect((await get(await signedIn(app, await createUser(app.db)))).status).toBe(404);
    expect((await get(null)).status).not.toBe(200);
    // the public media route does not serve it
    expect((await fetch(new URL(`/media/${m.image_keys[0].replace(/^img\//, '')}`, app.baseUrl))).status).toBe(404);
    expect((await get(c)).status).toBe(200);
    expect((await fetch(new URL(`/disputes/${d.id}/messages/${m.id}/photos/2`, app.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` } })).status).toBe(404);
  });

  it('refuses a file that is not an image, beside the photos field, and opens nothing', async () => {
    const o = await order('delivered');
    const c = await signedIn(app, o.buyer);
    await c.get(`/seller-orders/${o.soId}/dispute/new`);
    const res = await postMultipart(c, `/seller-orders/${o.soId}/disputes`, {
      fields: { reason: 'damaged', message: 'Cracked shade, see the photo.' },
      files: [{ field: 'photos', name: 'notes.txt', type: 'image/jpeg', data: Buffer.from('not a picture at all') }],
    });
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector('#dispute-open-photos-error'))).toContain('not an image');
    expect(res.doc.querySelector('textarea[name=message]')?.textContent).toBe('Cracked shade, see the photo.');
    expect(await app.db('disputes').where({ seller_order_id: o.soId }).first()).toBeUndefined();
  });

  it('cannot be opened twice, nor on a cancelled or completed order', async () => {
    const { buyerC, soId } = await disputed();
    const again = await buyerC.post(`/seller-orders/${soId}/disputes`, { reason: 'damaged', message: 'Opening it once more, to be sure.' });
    expect(again.status).toBe(409);
    expect(text(again.doc.querySelector('.form-error'))).toContain('already open');
    expect(await app.db('disputes').where({ seller_order_id: soId }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const cancelled = await order('paid');
    expect((await cancelSellerOrder(app.db, cancelled.soId, { role: 'buyer', userId: cancelled.buyer.id }, 'changed my mind')).ok).toBe(true);
    const cc = await signedIn(app, cancelled.buyer);
    const form = await cc.get(`/seller-orders/${cancelled.soId}/dispute/new`);
    expect(form.doc.querySelector('#dispute-open-form')).toBeNull();
    expect(text(form.doc.querySelector('.form-error'))).toContain('cancelled');
    expect((await openByForm(cc, cancelled.soId)).status).toBe(409);

    const completed = await order('delivered');
    expect((await confirmReceipt(app.db, completed.soId, { role: 'buyer', userId: completed.buyer.id })).ok).toBe(true);
    const pc = await signedIn(app, completed.buyer);
    const refusal = await openByForm(pc, completed.soId);
    expect(refusal.status).toBe(409);
    expect(text(refusal.doc.querySelector('.form-error'))).toContain('completed');
    expect(await app.db('disputes').whereIn('seller_order_id', [cancelled.soId, completed.soId]).first()).toBeUndefined();
  });
});

describe('the parties settle it', () => {
  it('a partial refund by the seller pays the buyer the refund and the seller the rest less a proportional commission, in one transfer', async () => {
    const o = await disputed(5000);
    const revenueBefore = await platformBalance(app.db, 'revenue');
    const sellerC = await signedIn(app, o.seller);
    const page = await sellerC.get(`/disputes/${o.disputeId}`);
    expect(page.doc.querySelector(`#dispute-${o.disputeId}-refund`)).toBeTruthy();
    expect(page.doc.querySelector(`#dispute-${o.disputeId}-decision`)).toBeNull();
    const done = await sellerC.post(`/disputes/${o.disputeId}/refund`, { amount: '20.00' });
    expect(done.status).toBe(200);
    expect(flash(done)).toContain('Refund made');

    const commission = Math.floor((o.commission * 3000) / 5000);
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 2000, held: 0 });
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 3000 - commission });
    expect((await platformBalance(app.db, 'revenue')) - revenueBefore).toBe(commission);
    expect(await escrowMoves(o.soId)).toEqual([`escrow-capture:${o.soId}`]);
    expect(await soRow(o.soId)).toMatchObject({ status: 'completed', refunded_amount: 2000 });
    expect(await disputeRow(o.disputeId)).toMatchObject({ status: 'resolved', resolution: 'seller_refund', refund_amount: 2000, decided_by: o.seller.id });
    await notified(o.buyer.id, 'dispute.resolved');
    expect(await verifyLedger(app.db)).toEqual([]);
  });

  it('a refund of the whole total refunds the order', async () => {
    const o = await disputed(4000);
    const sellerC = await signedIn(app, o.seller);
    await sellerC.get(`/disputes/${o.disputeId}`);
    const tooMuch = await sellerC.post(`/disputes/${o.disputeId}/refund`, { amount: '40.01' });
    expect(tooMuch.status).toBe(409);
    expect(text(tooMuch.doc.querySelector(`#dispute-${o.disputeId}-refund .form-error`))).toContain('40.00');
    await sellerC.post(`/disputes/${o.disputeId}/refund`, { amount: '40' });
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 4000, held: 0 });
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 0 });
    expect(await escrowMoves(o.soId)).toEqual([`escrow-release:${o.soId}`]);
    expect((await soRow(o.soId)).status).toBe('refunded');
    expect(await disputeRow(o.disputeId)).toMatchObject({ resolution: 'seller_refund', refund_amount: 4000 });
  });

  it('the buyer withdraws and the seller is paid as usual', async () => {
    const o = await disputed(5000);
    await o.buyerC.get(`/disputes/${o.disputeId}`);
    const page = await o.buyerC.post(`/disputes/${o.disputeId}/withdrawal`);
    expect(flash(page)).toContain('withdrawn');
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 5000 - o.commission });
    expect(await disputeRow(o.disputeId)).toMatchObject({ resolution: 'withdrawn', refund_amount: 0 });
    expect((await soRow(o.soId)).status).toBe('completed');
    await notified(o.seller.id, 'dispute.resolved');
    // resolved: no more messages, and the forms are gone
    const after = await o.buyerC.get(`/disputes/${o.disputeId}`);
    expect(after.doc.querySelector(`#dispute-${o.disputeId}-reply`)).toBeNull();
    expect((await o.buyerC.post(`/disputes/${o.disputeId}/messages`, { message: 'One more thing' })).status).toBe(409);
  });

  it('messages reach the other party, live and as a notification', async () => {
    const o = await disputed();
    const sellerC = await signedIn(app, o.seller);
    await sellerC.get(`/disputes/${o.disputeId}`);
    const buyerHears = await listen(app, o.buyerC, `user:${o.buyer.id}`, 'disputes');
    const adminHears = await listen(app, await signedIn(app, admin), 'admin', 'disputes');
    const page = await sellerC.post(`/disputes/${o.disputeId}/messages`, { message: 'Sorry! Could you send a photo of the box?' });
    expect(await buyerHears()).toBe('changed');
    expect(await adminHears()).toBe('changed');
    expect(text(page.doc.querySelector(`#dispute-${o.disputeId}-thread`))).toContain('Could you send a photo of the box?');
    await notified(o.buyer.id, 'dispute.message');
    const fragment = await o.buyerC.get(`/disputes/${o.disputeId}/thread`, { htmx: true });
    expect(fragment.doc.querySelector('html')).toBeNull();
    expect(fragment.doc.querySelector(`#dispute-${o.disputeId}-thread`)?.getAttribute('hx-trigger')).toContain('sse:disputes');
    expect(fragment.doc.querySelectorAll('.message')).toHaveLength(2);
    const outbox = await app.db('outbox').where({ topic: 'dispute.message' }).orderBy('id', 'desc').first();
    expect(outbox.payload).toMatchObject({ disputeId: o.disputeId, sellerOrderId: o.soId, orderId: o.orderId, buyerId: o.buyer.id, sellerId: o.seller.id, userId: o.seller.id });
  });
});

describe('an admin decides', () => {
  async function decideByForm(disputeId: number, form: Record<string, string>) {
    const c = await signedIn(app, admin);
    const page = await c.get(`/disputes/${disputeId}`);
    expect(page.doc.querySelector(`#dispute-${disputeId}-decision`)).toBeTruthy();
    return c.post(`/disputes/${disputeId}/decision`, form);
  }

  it('needs a reason, and a split amount below the total', async () => {
    const o = await disputed(5000);
    const noReason = await decideByForm(o.disputeId, { decision: 'split', amount: '10', reason: '' });
    expect(noReason.status).toBe(422);
    expect(text(noReason.doc.querySelector(`#dispute-${o.disputeId}-decision-reason-error`))).toContain('reason');
    expect(noReason.doc.querySelector('input[name=amount][value="10"]')).toBeTruthy();
    const noAmount = await decideByForm(o.disputeId, { decision: 'split', amount: '', reason: 'Half each' });
    expect(noAmount.status).toBe(422);
    expect(text(noAmount.doc.querySelector('#f-amount-error'))).toContain('part to refund');
    expect(noAmount.doc.querySelector(`#dispute-${o.disputeId}-decision-reason`)?.textContent).toBe('Half each');
    const whole = await decideByForm(o.disputeId, { decision: 'split', amount: '50', reason: 'Half each' });
    expect(whole.status).toBe(409);
    expect((await disputeRow(o.disputeId)).status).toBe('open');
    expect(await escrowMoves(o.soId)).toEqual([]);
  });

  it('split: one transfer, audited with before and after, both parties told', async () => {
    const o = await disputed(5000);
    const page = await decideByForm(o.disputeId, { decision: 'split', amount: '15.00', reason: 'Damage is cosmetic' });
    expect(flash(page)).toContain('Decision recorded');
    const commission = Math.floor((o.commission * 3500) / 5000);
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 1500, held: 0 });
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 3500 - commission });
    expect(await escrowMoves(o.soId)).toEqual([`escrow-capture:${o.soId}`]);
    const a = await app.db('audit_log').where({ subject_type: 'dispute', subject_id: o.disputeId }).first();
    expect(a).toMatchObject({ actor_id: admin.id, action: 'dispute.split', reason: 'Damage is cosmetic' });
    expect(a.before).toMatchObject({ status: 'open', order_status: 'disputed' });
    expect(a.after).toMatchObject({ status: 'resolved', resolution: 'split', refund_amount: 1500, order_status: 'completed' });
    await notified(o.buyer.id, 'dispute.resolved');
    await notified(o.seller.id, 'dispute.resolved');
  });

  it('release: the seller is paid in full less commission, once', async () => {
    const o = await disputed(5000);
    await decideByForm(o.disputeId, { decision: 'release', reason: 'Tracking shows it was delivered intact' });
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 5000 - o.commission });
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 0, held: 0 });
    expect(await escrowMoves(o.soId)).toEqual([`escrow-capture:${o.soId}`]);
    expect(await app.db('audit_log').where({ subject_type: 'dispute', subject_id: o.disputeId, action: 'dispute.release' }).first()).toBeTruthy();
    await notified(o.seller.id, 'dispute.resolved');
  });

  it('refund: the buyer gets everything back, once', async () => {
    const o = await disputed(5000);
    await decideByForm(o.disputeId, { decision: 'refund', reason: 'Never arrived' });
    expect(await balances(app.db, o.buyer.id)).toMatchObject({ available: 5000, held: 0 });
    expect(await balances(app.db, o.seller.id)).toMatchObject({ available: 0 });
    expect(await escrowMoves(o.soId)).toEqual([`escrow-release:${o.soId}`]);
    expect((await soRow(o.soId)).status).toBe('refunded');
    expect(await app.db('audit_log').where({ subject_type: 'dispute', subject_id: o.disputeId, action: 'dispute.refund' }).first()).toBeTruthy();
    await notified(o.buyer.id, 'dispute.resolved');
  });

  it('two decisions at once: exactly one wins and money moves once', async () => {
    const o = await disputed(5000);
    const other = await createAdmin(app.db);
    const results = await Promise.all([
      decide(db, admin, o.disputeId, { decision: 'release', reason: 'First look', amount: 0 }),
      decide(db, other, o.disputeId, { decision: 'refund', reason: 'Second look', amount: 0 }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok);
    expect(lost && !lost.ok && lost.message).toContain('already resolved');
    expect(await escrowMoves(o.soId)).toHaveLength(1);
    expect(await app.db('audit_log').where({ subject_type: 'dispute', subject_id: o.disputeId }).count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await verifyLedger(app.db)).toEqual([]);
  });
});

describe('escalation', () => {
  it('escalates open disputes past their deadline through the sweep, once, and puts them first in the queue', async () => {
    const early = await disputed();
    clock.advance(DAY);
    const late = await disputed();
    clock.advance(2 * DAY - 60_000);
    await escalateDue(app.db);
    expect((await disputeRow(early.disputeId)).status).toBe('open');
    clock.advance(2 * 60_000);
    // the disputes of the tests before are older still, and escalate with it
    expect(await escalateDue(app.db)).toBeGreaterThanOrEqual(1);
    expect(await escalateDue(app.db)).toBe(0);
    expect((await disputeRow(early.disputeId)).status).toBe('escalated');
    expect((await disputeRow(late.disputeId)).status).toBe('open');
    const events = await app.db('outbox').where({ topic: 'dispute.escalated' }).select('payload');
    expect(events.filter((e) => e.payload.disputeId === early.disputeId)).toHaveLength(1);
    expect(events.filter((e) => e.payload.disputeId === late.disputeId)).toHaveLength(0);

    const c = await signedIn(app, admin);
    const queue = await c.get('/admin/disputes');
    expect(queue.doc.querySelector('#nav-admin-disputes')?.getAttribute('href')).toBe('/admin/disputes');
    const rows = queue.doc.querySelectorAll('#dispute-queue tbody tr');
    const statuses = rows.map((r) => r.getAttribute('data-status'));
    // every escalated one before every open one, and nothing resolved
    expect(statuses.lastIndexOf('escalated')).toBeLessThan(statuses.indexOf('open'));
    expect(statuses).not.toContain('resolved');
    const ids = rows.map((r) => r.getAttribute('id'));
    expect(ids.indexOf(`dispute-row-${early.disputeId}`)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(`dispute-row-${early.disputeId}`)).toBeLessThan(ids.indexOf(`dispute-row-${late.disputeId}`));
    const escalated = await c.get('/admin/disputes?status=escalated');
    expect(escalated.doc.querySelectorAll('#dispute-queue tbody tr').map((r) => r.getAttribute('data-status'))).toEqual(expect.arrayContaining(['escalated']));
    expect(escalated.doc.querySelectorAll('#dispute-queue tbody tr[data-status=open]')).toHaveLength(0);
    await notified(early.seller.id, 'dispute.escalated');
  });
});

describe('nobody else', () => {
  it('another buyer or seller gets 404 on the page, thread, photos, messages and every action', async () => {
    const o = await disputed();
    const [m] = await app.db('dispute_messages').where({ dispute_id: o.disputeId });
    const strangers = [await createUser(app.db), await createSeller(app.db)];
    for (const s of strangers) {
      const c = await signedIn(app, s);
      await c.get('/');
      for (const path of [`/disputes/${o.disputeId}`, `/disputes/${o.disputeId}/thread`, `/disputes/${o.disputeId}/status`, `/disputes/${o.disputeId}/messages/${m.id}/photos/1`, `/seller-orders/${o.soId}/dispute/new`]) {
        expect((await c.get(path)).status, path).toBe(404);
      }
      const posts: [string, Record<string, string>][] = [
        [`/disputes/${o.disputeId}/messages`, { message: 'Let me in' }],
        [`/disputes/${o.disputeId}/refund`, { amount: '10' }],
        [`/disputes/${o.disputeId}/withdrawal`, {}],
        [`/disputes/${o.disputeId}/decision`, { decision: 'refund', reason: 'Because' }],
        [`/seller-orders/${o.soId}/disputes`, { reason: 'damaged', message: 'Somebody else’s order.' }],
      ];
      for (const [path, form] of posts) expect((await c.post(path, form)).status, path).toBe(404);
      const multipart = await postMultipart(c, `/disputes/${o.disputeId}/messages`, { fields: { message: 'Let me in' }, files: [{ field: 'photos', name: 'x.png', type: 'image/png', data: await png(20, 20) }] });
      expect(multipart.status).toBe(404);
    }
    // each party only has its own actions
    const sellerC = await signedIn(app, o.seller);
    await sellerC.get(`/disputes/${o.disputeId}`);
    expect((await sellerC.post(`/disputes/${o.disputeId}/withdrawal`)).status).toBe(404);
    expect((await sellerC.post(`/disputes/${o.disputeId}/decision`, { decision: 'release', reason: 'Mine' })).status).toBe(404);
    expect((await o.buyerC.post(`/disputes/${o.disputeId}/refund`, { amount: '10' })).status).toBe(404);
    expect((await o.buyerC.post(`/disputes/${o.disputeId}/decision`, { decision: 'refund', reason: 'Mine' })).status).toBe(404);
    expect(await app.db('dispute_messages').where({ dispute_id: o.disputeId }).count({ n: '*' }).first()).toEqual({ n: 1 });
    expect((await disputeRow(o.disputeId)).status).toBe('open');
    expect(await escrowMoves(o.soId)).toEqual([]);
  });
});
