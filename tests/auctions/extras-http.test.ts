import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { closeAuction } from '../../src/auctions/closing.js';
import { makeOffer } from '../../src/auctions/offers.js';
import { ensureAuction } from '../../src/auctions/queries.js';
import { recordUnpaidStrikes } from '../../src/auctions/strikes.js';
import { lapseOrder } from '../../src/orders/expiry.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { settings } from './helpers.js';
import { editValues } from '../listings/helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterAll(() => app?.stop());

async function as(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  await c.get('/');
  return c;
}

async function auction(sellerId: number, over: Record<string, unknown> = {}) {
  const category = await createCategoryRow(app.db);
  const listing = await createListing(app.db, { seller_id: sellerId, category_id: category.id, kind: 'auction', start_price: 1000, ...over });
  return (await ensureAuction(app.db, listing.id))!;
}

describe('who may do what after an auction (no IDOR)', () => {
  it('another seller cannot cancel, manage or make an offer; the seller can cancel', async () => {
    const seller = await createSeller(app.db);
    const other = await createSeller(app.db);
    const a = await auction(seller.id);
    const stranger = await as(other);
    expect((await stranger.get(`/auctions/${a.listing_id}/selling`)).status).toBe(404);
    expect((await stranger.post(`/auctions/${a.listing_id}/cancellation`, {}, { follow: false })).status).toBe(404);
    expect((await stranger.post(`/auctions/${a.listing_id}/offer`, {}, { follow: false })).status).toBe(404);
    expect((await app.db('auctions').where({ id: a.id }).first()).status).toBe('open');

    const owner = await as(seller);
    const page = await owner.get(`/auctions/${a.listing_id}/selling`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector(`form[action="/auctions/${a.listing_id}/cancellation"]`)).toBeTruthy();
    expect((await owner.post(`/auctions/${a.listing_id}/cancellation`, {}, { follow: false })).status).toBe(303);
    expect((await app.db('auctions').where({ id: a.id }).first()).status).toBe('cancelled');
  });

  it('a cancellation after a bid is refused with the reason', async () => {
    const seller = await createSeller(app.db);
    const a = await auction(seller.id);
    const bidder = await createUser(app.db);
    expect(await placeBidOn(app.db, { listingId: a.listing_id, bidderId: bidder.id, kind: 'max', max: 2000 }, settings)).toMatchObject({ ok: true });
    const owner = await as(seller);
    const r = await owner.post(`/auctions/${a.listing_id}/cancellation`, {}, { follow: false });
    expect(r.status).toBe(409);
    expect(r.html).toContain('can no longer be cancelled');
  });

  it('only the bidder an offer was made to may see and answer it', async () => {
    const seller = await createSeller(app.db);
    const a = await auction(seller.id, { reserve_price: 5000 });
    const [bidder, other] = await Promise.all([createUser(app.db), createUser(app.db)]);
    await placeBidOn(app.db, { listingId: a.listing_id, bidderId: bidder.id, kind: 'max', max: 2000 }, settings);
    await app.db('auctions').where({ id: a.id }).update({ status: 'ended', closed_at: new Date(), outcome: 'reserve_not_met' });
    const made = await makeOffer(app.db, { listingId: a.listing_id, sellerId: seller.id });
    if (!made.ok) throw new Error(made.message);

    const stranger = await as(other);
    expect((await stranger.get(`/auction-offers/${made.offer.id}`)).status).toBe(404);
    expect((await stranger.post(`/auction-offers/${made.offer.id}/acceptance`, {}, { follow: false })).status).toBe(404);
    expect((await app.db('auction_offers').where({ id: made.offer.id }).first()).status).toBe('pending');

    const b = await as(bidder);
    const page = await b.get(`/auction-offers/${made.offer.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('The reserve price was not met');
    const accepted = await b.post(`/auction-offers/${made.offer.id}/acceptance`, {}, { follow: false });
    expect(accepted.status).toBe(303);
    const offer = await app.db('auction_offers').where({ id: made.offer.id }).first();
    expect(offer.status).toBe('accepted');
    expect(accepted.headers.get('location')).toBe(`/orders/${offer.order_id}`);
  });

  it('admin routes refuse a non-admin; an admin suspends and removes bids', async () => {
    const seller = await createSeller(app.db);
    const a = await auction(seller.id);
    const [x, y] = await Promise.all([createUser(app.db), createUser(app.db)]);
    await placeBidOn(app.db, { listingId: a.listing_id, bidderId: x.id, kind: 'max', max: 2000 }, settings);
    await placeBidOn(app.db, { listingId: a.listing_id, bidderId: y.id, kind: 'max', max: 3000 }, settings);
    const bidY = await app.db('bids').where({ auction_id: a.id, bidder_id: y.id }).first('id');

    for (const who of [await as(seller), await as(x)]) {
      expect((await who.get(`/admin/auctions/${a.listing_id}`)).status).toBe(403);
      expect((await who.post(`/admin/auctions/${a.listing_id}/suspension`, { reason: 'no' }, { follow: false })).status).toBe(403);
      expect((await who.post(`/admin/auctions/${a.listing_id}/bids/${bidY.id}/removal`, { reason: 'no' }, { follow: false })).status).toBe(403);
    }
    expect((await app.db('bids').where({ id: bidY.id }).first()).status).toBe('accepted');

    const admin = await as(await createAdmin(app.db));
    expect((await admin.get(`/admin/auctions/${a.listing_id}`)).status).toBe(200);
    expect((await admin.post(`/admin/auctions/${a.listing_id}/bids/${bidY.id}/removal`, { reason: '' }, { follow: false })).status).toBe(422);
    expect((await admin.post(`/admin/auctions/${a.listing_id}/bids/${bidY.id}/removal`, { reason: 'Shill bidding' }, { follow: false })).status).toBe(303);
    expect(await app.db('auctions').where({ id: a.id }).first()).toMatchObject({ leader_id: x.id, bid_count: 1 });
    expect((await admin.post(`/admin/auctions/${a.listing_id}/suspension`, { reason: 'Counterfeit' }, { follow: false })).status).toBe(303);
    expect((await app.db('auctions').where({ id: a.id }).first()).status).toBe('suspended');
  });

  it('an unpaid strike shows on the buyer’s strikes page and the admin’s user page, to nobody else', async () => {
    const seller = await createSeller(app.db);
    const a = await auction(seller.id, { title: 'Brass compass' });
    const buyer = await createUser(app.db);
    await placeBidOn(app.db, { listingId: a.listing_id, bidderId: buyer.id, kind: 'max', max: 2000 }, settings);
    const past = Date.now() - 10 * 86_400_000;
    await app.db('auctions').where({ id: a.id }).update({ starts_at: new Date(past - 60_000), ends_at: new Date(past) });
    expect(await closeAuction(app.db, a.id, settings)).toMatchObject({ result: 'closed', outcome: 'sold' });
    const order = await app.db('orders').where({ checkout_key: `auction:${a.id}` }).first('id');
    await app.db('orders').where({ id: order.id }).update({ reserved_until: new Date(Date.now() - 1000) });
    expect(await lapseOrder(app.db, Number(order.id), { by: 'due' })).toMatchObject({ ok: true });
    expect(await recordUnpaidStrikes(app.db, Number(order.id))).toBe(1);

    const mine = await (await as(buyer)).get('/account/auction-strikes');
    expect(mine.html).toContain('Unpaid auction win: “Brass compass”');
    const someone = await (await as(await createUser(app.db))).get('/account/auction-strikes');
    expect(someone.html).not.toContain('Brass compass');
    const adminPage = await (await as(await createAdmin(app.db))).get(`/admin/users/${buyer.id}`);
    expect(adminPage.status).toBe(200);
    expect(adminPage.html).toContain('Unpaid auction win: “Brass compass”');
  });
});

describe('an auction with bids runs to its end', () => {
  it('its seller can neither pause, delete nor change what was bid on; without bids they can', async () => {
    const seller = await createSeller(app.db);
    const bidder = await createUser(app.db);
    const a = await auction(seller.id, { title: 'Walnut writing box' });
    const idle = await auction(seller.id, { title: 'Oak stool' });
    expect((await placeBidOn(app.db, { listingId: a.listing_id, bidderId: bidder.id, kind: 'max', max: 2000 }, settings)).ok).toBe(true);
    const s = await as(seller);
    const status = async (id: number) => (await app.db('listings').where({ id }).first()).status;

    let page = await s.post(`/seller/listings/${a.listing_id}/pause`, {});
    expect(text(page.doc.querySelector('#flash'))).toContain('Bids have been placed on this auction');
    expect(await status(a.listing_id)).toBe('active');
    page = await s.post(`/seller/listings/${a.listing_id}`, {}, { method: 'DELETE' });
    expect(text(page.doc.querySelector('#flash'))).toContain('Bids have been placed on this auction');
    expect((await app.db('listings').where({ id: a.listing_id }).first()).deleted_at).toBeNull();

    // the edit form: a new title or reserve is refused with the reason, nothing changes
    const values = await editValues(s, a.listing_id);
    page = await s.post(`/seller/listings/${a.listing_id}`, { ...values, title: 'Walnut writing box, restored', reserve_price: '500.00' }, { method: 'PATCH' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#listing-form .form-error'))).toContain('what they bid on cannot change (here: title, reserve price)');
    expect(await app.db('listings').where({ id: a.listing_id }).first()).toMatchObject({ title: 'Walnut writing box', status: 'active' });

    // no bids yet: pausing is the seller's choice
    page = await s.post(`/seller/listings/${idle.listing_id}/pause`, {});
    expect(await status(idle.listing_id)).toBe('paused');
  });
});

describe('the seller’s auction terms', () => {
  it('a seller keeps buy it now until bids reach the reserve and sets the late-bid minutes; wrong input is refused beside its field', async () => {
    const seller = await createSeller(app.db);
    const s = await as(seller);
    const category = await createCategoryRow(app.db);
    const form = {
      category_id: String(category.id), kind: 'auction', title: 'Enamel sign', description: 'Described honestly in enough words.', condition: 'used',
      start_price: '10', reserve_price: '50', buy_now_price: '80', starts_at: '2030-01-01T10:00', ends_at: '2030-01-08T10:00',
    };
    let page = await s.post('/seller/listings', { ...form, auction_buy_now_until: 'reserve_met', auction_soft_close_minutes: '61' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-auction_soft_close_minutes-error'))).toBe('Enter a whole number of minutes from 0 to 60.');
    page = await s.post('/seller/listings', { ...form, reserve_price: '', auction_buy_now_until: 'reserve_met' });
    expect(text(page.doc.querySelector('#f-auction_buy_now_until-error'))).toBe('Set a reserve price to keep buy it now until bids reach it.');
    expect(await app.db('listings').where({ seller_id: seller.id })).toHaveLength(0);

    page = await s.post('/seller/listings', { ...form, auction_buy_now_until: 'reserve_met', auction_soft_close_minutes: '5' });
    expect(page.status).toBe(200);
    const saved = await app.db('listings').where({ seller_id: seller.id, title: 'Enamel sign' }).first();
    expect(saved).toMatchObject({ auction_buy_now_until: 'reserve_met', auction_soft_close_minutes: 5 });
    const edit = await s.get(`/seller/listings/${saved.id}/edit`);
    expect(edit.doc.querySelector('#f-auction_buy_now_until option[selected]')?.getAttribute('value')).toBe('reserve_met');
    expect(edit.doc.querySelector('#f-auction_soft_close_minutes')?.getAttribute('value')).toBe('5');

    // published: the auction runs on those terms
    await app.db('listings').where({ id: saved.id }).update({ status: 'active', published_at: new Date(), starts_at: new Date(Date.now() - 60_000), ends_at: new Date(Date.now() + 86_400_000) });
    const a = (await ensureAuction(app.db, saved.id))!;
    expect(a).toMatchObject({ buy_now_until: 'reserve_met', soft_close_seconds: 300 });
    // edited before any bid: the auction takes the new terms
    const values = await editValues(s, saved.id);
    page = await s.post(`/seller/listings/${saved.id}`, { ...values, auction_soft_close_minutes: '10', buy_now_price: '90.00' }, { method: 'PATCH' });
    expect(page.status).toBe(200);
    expect((await app.db('auctions').where({ id: a.id }).first())).toMatchObject({ soft_close_seconds: 600, buy_now_price: 9000, buy_now_until: 'reserve_met' });
    // an unchanged form leaves the times where they were
    await app.db('listings').where({ id: saved.id }).update({ status: 'active' });
    const before = await app.db('listings').where({ id: saved.id }).first('starts_at', 'ends_at');
    page = await s.post(`/seller/listings/${saved.id}`, await editValues(s, saved.id), { method: 'PATCH' });
    expect(await app.db('listings').where({ id: saved.id }).first('starts_at', 'ends_at')).toEqual(before);
    expect((await app.db('listings').where({ id: saved.id }).first()).status).toBe('active');
    // a bid below the reserve leaves buy it now on offer
    const [b1, b2] = await Promise.all([createUser(app.db), createUser(app.db)]);
    expect((await placeBidOn(app.db, { listingId: saved.id, bidderId: b1.id, kind: 'max', max: 2000 }, settings)).ok).toBe(true);
    expect(await placeBidOn(app.db, { listingId: saved.id, bidderId: b2.id, kind: 'buy_now' }, settings)).toMatchObject({ ok: true });
  });
});
