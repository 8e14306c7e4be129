import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { cancelAuction } from '../../src/auctions/cancel.js';
import { closeAuction } from '../../src/auctions/closing.js';
import { answerOffer, expireOffers, makeOffer, OFFER_HOURS } from '../../src/auctions/offers.js';
import { auctionOfListing, ensureAuction } from '../../src/auctions/queries.js';
import { relistAuction } from '../../src/auctions/relist.js';
import { recordUnpaidStrikes, strikesOf } from '../../src/auctions/strikes.js';
import { removeBid, suspendAuction } from '../../src/auctions/suspend.js';
import { notifyWatchers } from '../../src/auctions/watch.js';
import { myBids, myBidsCounts } from '../../src/auctions/my-bids.js';
import { runSearch } from '../../src/search/search.js';
import { createDb, type Db } from '../../src/db.js';
import { clock } from '../../src/lib/clock.js';
import { lapseOrder } from '../../src/orders/expiry.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { auctionListing, bidders, outbox, settings } from './helpers.js';

let t: TestEnv;
let db: Db;

beforeAll(async () => {
  t = await createTestEnv();
  db = createDb(t.databaseUrl, 8);
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});
afterEach(() => clock.reset());

const HOUR = 3_600_000;
const bid = (listingId: number, bidderId: number, max: number) => placeBidOn(db, { listingId, bidderId, kind: 'max', max }, settings);
const mine = (rows: Record<string, unknown>[], key: string, v: number) => rows.filter((p) => Number(p[key]) === v);

/** An auction with bids that has ended and closed. */
async function closedAuction(over: Record<string, unknown>, bids: [number, number][] = []) {
  const { seller, listing } = await auctionListing(t.db, over);
  const users = await bidders(t.db, bids.length);
  for (const [i, max] of bids) await bid(listing.id, users[i].id, max);
  const row = (await ensureAuction(t.db, listing.id))!;
  clock.set(new Date(row.ends_at.getTime() + 1000));
  const closed = await closeAuction(db, row.id, settings);
  return { seller, listing, users, row, closed };
}

describe('the seller cancels an auction', () => {
  it('without bids: cancelled, the listing ended; another seller, and a bid after it, are refused', async () => {
    const { seller, listing } = await auctionListing(t.db);
    const other = await createSeller(t.db);
    expect(await cancelAuction(db, { listingId: listing.id, sellerId: other.id })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await cancelAuction(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: true, auction: { status: 'cancelled' } });
    expect((await t.db('listings').where({ id: listing.id }).first()).status).toBe('expired');
    const [a] = await bidders(t.db, 1);
    expect(await bid(listing.id, a.id, 2000)).toMatchObject({ ok: false, reason: 'not_open' });
    expect(await cancelAuction(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'not_open' });
    expect(mine(await outbox(t.db, 'auction.cancelled'), 'listingId', listing.id)).toHaveLength(1);
  });

  it('refused once there is a bid, also when the bid and the cancellation race', async () => {
    const { seller, listing } = await auctionListing(t.db);
    const [a] = await bidders(t.db, 1);
    await bid(listing.id, a.id, 2000);
    expect(await cancelAuction(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'has_bids' });

    const raced = await auctionListing(t.db);
    const [b] = await bidders(t.db, 1);
    const [placed, cancelled] = await Promise.all([bid(raced.listing.id, b.id, 2000), cancelAuction(db, { listingId: raced.listing.id, sellerId: raced.seller.id })]);
    // exactly one of them went through
    expect([placed.ok, cancelled.ok].filter(Boolean)).toHaveLength(1);
    const row = (await auctionOfListing(t.db, raced.listing.id))!;
    expect(row.status === 'cancelled').toBe(cancelled.ok);
    expect(row.bid_count).toBe(placed.ok ? 1 : 0);
  });
});

describe('an admin suspends an auction', () => {
  it('voids every bid, stops bids and closing, tells the bidders and the seller, and audits it; a reason is required', async () => {
    const { listing } = await auctionListing(t.db);
    const admin = await createAdmin(t.db);
    const [a, b] = await bidders(t.db, 2);
    await bid(listing.id, a.id, 2000);
    await bid(listing.id, b.id, 3000);
    expect((await runSearch(db, { q: listing.title })).result.items.map((i) => i.id)).toContain(listing.id);
    expect(await suspendAuction(db, { listingId: listing.id, adminId: admin.id, reason: '  ' })).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(await suspendAuction(db, { listingId: listing.id, adminId: admin.id, reason: 'Counterfeit item' })).toMatchObject({ ok: true, auction: { status: 'suspended' } });
    const row = (await auctionOfListing(t.db, listing.id))!;
    expect(await t.db('bids').where({ auction_id: row.id }).pluck('status')).toEqual(['voided', 'voided']);
    expect(await bid(listing.id, a.id, 9000)).toMatchObject({ ok: false, reason: 'not_open', message: 'This auction is suspended.' });
    // its bidders find it among their lost auctions, marked suspended; search no longer offers it
    for (const who of [a, b]) {
      expect(await myBids(db, who.id, 'active')).toEqual([]);
      expect((await myBids(db, who.id, 'lost')).map((r) => [r.listing_id, r.status])).toEqual([[listing.id, 'suspended']]);
      expect(await myBidsCounts(db, who.id)).toEqual({ active: 0, won: 0, lost: 1 });
    }
    expect((await runSearch(db, { q: listing.title })).result.items.map((i) => i.id)).not.toContain(listing.id);
    clock.set(new Date(row.ends_at.getTime() + 1000));
    expect(await closeAuction(db, row.id, settings)).toEqual({ result: 'done' });
    expect(await t.db('orders').where({ checkout_key: `auction:${row.id}` })).toHaveLength(0);
    const [event] = mine(await outbox(t.db, 'auction.suspended'), 'listingId', listing.id);
    expect(event).toMatchObject({ reason: 'Counterfeit item', bidderIds: [a.id, b.id].sort((x, y) => x - y) });
    const audit = await t.db('audit_log').where({ subject_type: 'auction', subject_id: row.id, action: 'auction.suspend' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, reason: 'Counterfeit item' });
    expect(await suspendAuction(db, { listingId: listing.id, adminId: admin.id, reason: 'again' })).toMatchObject({ ok: false, reason: 'not_open' });
  });
});

describe('an admin removes a bid', () => {
  it('voids it and recomputes the leader and price by replaying the remaining bids in order', async () => {
    const { listing } = await auctionListing(t.db);
    const admin = await createAdmin(t.db);
    const [a, b, c] = await bidders(t.db, 3);
    await bid(listing.id, a.id, 2000);
    await bid(listing.id, b.id, 4000);
    await bid(listing.id, c.id, 3000);
    const before = (await auctionOfListing(t.db, listing.id))!;
    expect(before).toMatchObject({ leader_id: b.id, price: 3100, bid_count: 3 });
    const bBid = await t.db('bids').where({ auction_id: before.id, bidder_id: b.id }).first();

    expect(await removeBid(db, { listingId: listing.id, bidId: Number(bBid.id), adminId: admin.id, reason: '' })).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(await removeBid(db, { listingId: listing.id, bidId: Number(bBid.id), adminId: admin.id, reason: 'Shill bidding' })).toMatchObject({ ok: true });
    const after = (await auctionOfListing(t.db, listing.id))!;
    // a at 20.00, then c at 30.00: c leads one increment above a's maximum
    expect(after).toMatchObject({ leader_id: c.id, leader_max: 3000, runner_up_id: a.id, price: 2050, bid_count: 2, ends_at: before.ends_at });
    expect((await t.db('bids').where({ id: bBid.id }).first()).status).toBe('voided');
    expect(await t.db('audit_log').where({ subject_type: 'auction', subject_id: before.id, action: 'auction.remove_bid' })).toHaveLength(1);
    expect(mine(await outbox(t.db, 'auction.bid_removed'), 'listingId', listing.id)).toEqual([expect.objectContaining({ removedBidderIds: [b.id], previousLeaderId: b.id, leaderId: c.id, price: 2050 })]);

    // the voided bid cannot be removed again; a bid of another auction is not this auction's
    expect(await removeBid(db, { listingId: listing.id, bidId: Number(bBid.id), adminId: admin.id, reason: 'x' })).toMatchObject({ ok: false, reason: 'not_found' });
    const other = await auctionListing(t.db);
    await bid(other.listing.id, a.id, 2000);
    const foreign = await t.db('bids').where({ bidder_id: a.id }).orderBy('id', 'desc').first();
    expect(await removeBid(db, { listingId: listing.id, bidId: Number(foreign.id), adminId: admin.id, reason: 'x' })).toMatchObject({ ok: false, reason: 'not_found' });

    // the next bid continues from the recomputed state
    expect(await bid(listing.id, a.id, 3500)).toMatchObject({ ok: true, leading: true });
    expect((await auctionOfListing(t.db, listing.id))!).toMatchObject({ leader_id: a.id, price: 3100 });
  });
});

describe('reserve not met: an offer to the highest bidder', () => {
  it('only the seller, only once ended; one pending offer; two accepts at once give one order; nobody else can answer', async () => {
    const { seller, listing } = await auctionListing(t.db, { reserve_price: 5000, ends_at: new Date(Date.now() + HOUR) });
    const [a, b] = await bidders(t.db, 2);
    await bid(listing.id, a.id, 2000);
    await bid(listing.id, b.id, 3000);
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'not_ended' });
    const row = (await ensureAuction(t.db, listing.id))!;
    clock.set(new Date(row.ends_at.getTime() + 1000));
    expect(await closeAuction(db, row.id, settings)).toMatchObject({ result: 'closed', outcome: 'reserve_not_met' });

    const other = await createSeller(t.db);
    expect(await makeOffer(db, { listingId: listing.id, sellerId: other.id })).toMatchObject({ ok: false, reason: 'forbidden' });
    const made = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    expect(made).toMatchObject({ ok: true, offer: { bidder_id: b.id, amount: 3000, kind: 'reserve_not_met', status: 'pending' } });
    if (!made.ok) throw new Error(made.message);
    expect(made.offer.expires_at.getTime()).toBe(clock.nowMs() + OFFER_HOURS * HOUR);
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'pending' });
    expect(mine(await outbox(t.db, 'auction.offer_made'), 'offerId', made.offer.id)).toHaveLength(1);

    expect(await answerOffer(db, { offerId: made.offer.id, userId: a.id, accept: true }, settings)).toMatchObject({ ok: false, reason: 'not_found' });
    const answers = await Promise.all([answerOffer(db, { offerId: made.offer.id, userId: b.id, accept: true }, settings), answerOffer(db, { offerId: made.offer.id, userId: b.id, accept: true }, settings)]);
    expect(answers.filter((r) => r.ok)).toHaveLength(1);
    expect(answers.filter((r) => !r.ok)).toEqual([expect.objectContaining({ reason: 'answered' })]);
    const orders = await t.db('orders').where({ checkout_key: `auction:${row.id}` });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ buyer_id: b.id, status: 'awaiting_payment' });
    expect(Number(orders[0].items_total)).toBe(3000);
    expect((await auctionOfListing(t.db, listing.id))!).toMatchObject({ winner_id: b.id, order_id: Number(orders[0].id) });
    // sold (awaiting payment): no further offer, no relisting
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'not_eligible' });
    expect(await relistAuction(db, { listingId: listing.id, sellerId: seller.id, days: 7 })).toMatchObject({ ok: false, reason: 'not_eligible' });
  });

  it('expires after 48 hours on a moved clock; then the next bidder may be offered it', async () => {
    const { seller, listing, users, closed } = await closedAuction({ reserve_price: 5000 }, [
      [0, 2000],
      [1, 3000],
    ]);
    expect(closed).toMatchObject({ outcome: 'reserve_not_met' });
    const made = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    if (!made.ok) throw new Error(made.message);
    clock.advance(OFFER_HOURS * HOUR - 1000);
    expect(await expireOffers(db)).toBe(0);
    clock.advance(1000);
    // the accept that arrives first after the deadline finds it expired
    expect(await answerOffer(db, { offerId: made.offer.id, userId: users[1].id, accept: true }, settings)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await expireOffers(db)).toBe(0);
    expect((await t.db('auction_offers').where({ id: made.offer.id }).first()).status).toBe('expired');
    expect(mine(await outbox(t.db, 'auction.offer_expired'), 'offerId', made.offer.id)).toHaveLength(1);

    const next = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    expect(next).toMatchObject({ ok: true, offer: { bidder_id: users[0].id, amount: 2000 } });
    if (!next.ok) throw new Error(next.message);
    clock.advance(OFFER_HOURS * HOUR);
    expect(await expireOffers(db)).toBe(1);
    expect(await expireOffers(db)).toBe(0);
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'no_bidder' });
  });

  it('no offer when nobody bid', async () => {
    const { seller, listing, closed } = await closedAuction({});
    expect(closed).toMatchObject({ outcome: 'no_bids' });
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'not_eligible' });
  });
});

describe('relisting an unsold auction', () => {
  it('a new round on the same auction: earlier bids voided, the listing active with the new times; only the seller, only unsold', async () => {
    const { seller, listing, users, row } = await closedAuction({ reserve_price: 5000 }, [
      [0, 2000],
      [1, 3000],
    ]);
    const other = await createSeller(t.db);
    expect(await relistAuction(db, { listingId: listing.id, sellerId: other.id, days: 7 })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await relistAuction(db, { listingId: listing.id, sellerId: seller.id, days: 0 })).toMatchObject({ ok: false, reason: 'not_eligible' });
    const offered = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    if (!offered.ok) throw new Error(offered.message);
    expect(await relistAuction(db, { listingId: listing.id, sellerId: seller.id, days: 7 })).toMatchObject({ ok: false, reason: 'not_eligible', message: 'An offer on this auction is waiting for an answer.' });
    await answerOffer(db, { offerId: offered.offer.id, userId: users[1].id, accept: false }, settings);

    const watcher = await createUser(t.db);
    await t.db('favourites').insert({ user_id: watcher.id, listing_id: listing.id });
    await t.db('auction_watch_notices').insert({ auction_id: row.id, user_id: watcher.id, created_at: clock.now() });
    const r = await relistAuction(db, { listingId: listing.id, sellerId: seller.id, days: 3 });
    expect(r).toMatchObject({ ok: true, auction: { status: 'open', bid_count: 0, price: null, leader_id: null, outcome: null } });
    const again = (await auctionOfListing(t.db, listing.id))!;
    expect(again.id).toBe(row.id);
    expect(again.ends_at.getTime()).toBe(clock.nowMs() + 3 * 86_400_000);
    expect(await t.db('bids').where({ auction_id: row.id }).pluck('status')).toEqual(['voided', 'voided']);
    expect((await t.db('listings').where({ id: listing.id }).first()).status).toBe('active');
    expect(await relistAuction(db, { listingId: listing.id, sellerId: seller.id, days: 3 })).toMatchObject({ ok: false, reason: 'not_eligible' });

    // round two: the same bidder may bid, and after another unsold end be offered the item again
    expect(await bid(listing.id, users[1].id, 1500)).toMatchObject({ ok: true, leading: true });
    // a watcher told before the first end is told again before the second
    clock.set(new Date(again.ends_at.getTime() - 30 * 60_000));
    await notifyWatchers(db);
    const told = mine(await outbox(t.db, 'auction.ending_soon'), 'listingId', listing.id).flatMap((p) => p.userIds as number[]);
    expect(told).toContain(watcher.id);
    clock.set(new Date(again.ends_at.getTime() + 1000));
    expect(await closeAuction(db, row.id, settings)).toMatchObject({ result: 'closed', outcome: 'reserve_not_met' });
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: true, offer: { bidder_id: users[1].id, amount: 1500 } });
  });
});

describe('unpaid win', () => {
  it('the lapsed order gives the buyer one strike; the seller may then offer a second chance to the next bidder at their maximum', async () => {
    const { seller, listing, users, row, closed } = await closedAuction({}, [
      [0, 2000],
      [1, 3000],
      [2, 2500],
    ]);
    expect(closed).toMatchObject({ result: 'closed', outcome: 'sold' });
    const winner = users[1];
    const order = await t.db('orders').where({ checkout_key: `auction:${row.id}`, buyer_id: winner.id }).first();
    // not yet due: no strike, no second chance
    expect(await makeOffer(db, { listingId: listing.id, sellerId: seller.id })).toMatchObject({ ok: false, reason: 'not_eligible', message: 'The buyer still has time to pay for this item.' });
    clock.set(new Date(new Date(order.reserved_until).getTime() + 1000));
    expect(await lapseOrder(db, Number(order.id), { by: 'due' })).toMatchObject({ ok: true });

    const [first, second] = await Promise.all([recordUnpaidStrikes(db, Number(order.id)), recordUnpaidStrikes(db)]);
    expect(first + second).toBe(1);
    expect(await recordUnpaidStrikes(db)).toBe(0);
    expect(await strikesOf(t.db, winner.id)).toEqual([expect.objectContaining({ order_id: Number(order.id), auction_id: row.id, reason: 'unpaid' })]);
    expect(mine(await outbox(t.db, 'auction.unpaid'), 'orderId', Number(order.id))).toEqual([expect.objectContaining({ buyerId: winner.id, sellerId: seller.id })]);
    const timeline = await t.db('order_events').where({ order_id: order.id }).orderBy('id').pluck('message');
    expect(timeline.at(-1)).toContain('unpaid strike');
    expect(timeline).toContain('The auction win was not paid in time, so the order is cancelled. Nothing was charged.');
    expect(mine(await outbox(t.db, 'order.lapsed'), 'orderId', Number(order.id))).toEqual([expect.objectContaining({ auction: true })]);

    expect(await makeOffer(db, { listingId: listing.id, sellerId: users[0].id })).toMatchObject({ ok: false, reason: 'forbidden' });
    const offer = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    // the next bidder: the best remaining maximum (25.00), never the buyer who did not pay
    expect(offer).toMatchObject({ ok: true, offer: { bidder_id: users[2].id, amount: 2500, kind: 'second_chance' } });
    if (!offer.ok) throw new Error(offer.message);
    expect(await answerOffer(db, { offerId: offer.offer.id, userId: users[2].id, accept: false }, settings)).toMatchObject({ ok: true, orderId: null });
    expect(mine(await outbox(t.db, 'auction.offer_declined'), 'offerId', offer.offer.id)).toHaveLength(1);
    const last = await makeOffer(db, { listingId: listing.id, sellerId: seller.id });
    expect(last).toMatchObject({ ok: true, offer: { bidder_id: users[0].id, amount: 2000 } });
    if (!last.ok) throw new Error(last.message);
    const accepted = await answerOffer(db, { offerId: last.offer.id, userId: users[0].id, accept: true }, settings);
    expect(accepted).toMatchObject({ ok: true });
    const o2 = await t.db('orders').where({ checkout_key: `auction:${row.id}`, buyer_id: users[0].id }).first();
    expect(Number(o2.items_total)).toBe(2000);
    expect((await auctionOfListing(t.db, listing.id))!).toMatchObject({ winner_id: users[0].id, order_id: Number(o2.id) });
  });
});

describe('watchers', () => {
  it('are told once each, an hour before the end, on a moved clock; the seller is not', async () => {
    const { seller, listing } = await auctionListing(t.db, { ends_at: new Date(Date.now() + 5 * HOUR) });
    const row = (await ensureAuction(t.db, listing.id))!;
    const [u1, u2, u3] = await Promise.all([createUser(t.db), createUser(t.db), createUser(t.db)]);
    await t.db('favourites').insert([u1, u2, seller].map((u) => ({ user_id: u.id, listing_id: listing.id })));
    const ours = async () => mine(await outbox(t.db, 'auction.ending_soon'), 'listingId', listing.id);

    clock.set(new Date(row.ends_at.getTime() - HOUR - 1000));
    await notifyWatchers(db);
    expect(await ours()).toHaveLength(0);
    clock.set(new Date(row.ends_at.getTime() - HOUR + 1000));
    await Promise.all([notifyWatchers(db), notifyWatchers(db)]);
    await notifyWatchers(db);
    expect((await ours()).flatMap((p) => p.userIds as number[]).sort((x, y) => x - y)).toEqual([u1.id, u2.id].sort((x, y) => x - y));
    expect((await auctionOfListing(t.db, listing.id))!).toHaveProperty('watchers_notified_at');

    // a later watcher hears it once too
    await t.db('favourites').insert({ user_id: u3.id, listing_id: listing.id });
    await notifyWatchers(db);
    await notifyWatchers(db);
    expect((await ours()).flatMap((p) => p.userIds as number[])).toHaveLength(3);

    // past the end nobody is told
    const late = await auctionListing(t.db, { ends_at: new Date(Date.now() + 5 * HOUR) });
    const lateRow = (await ensureAuction(t.db, late.listing.id))!;
    await t.db('favourites').insert({ user_id: u1.id, listing_id: late.listing.id });
    clock.set(new Date(lateRow.ends_at.getTime() + 1000));
    await notifyWatchers(db);
    expect(mine(await outbox(t.db, 'auction.ending_soon'), 'listingId', late.listing.id)).toHaveLength(0);
  });
});

describe('notifications and jobs', () => {
  it('an unsold auction points its seller to the page with the next steps; an offer points its bidder to the offer', async () => {
    const { auctionsDrafts } = await import('../../src/auctions/drafts.js');
    const { auctionExtrasDrafts } = await import('../../src/auctions/extras-drafts.js');
    const event = (topic: string, payload: Record<string, unknown>) => ({ id: 1, topic, payload, created_at: new Date() });
    const closed = await auctionsDrafts['auction.closed'](event('auction.closed', { listingId: 7, sellerId: 3, title: 'Lamp', outcome: 'reserve_not_met', price: 3000, currency: 'EUR', winnerId: null, bidderIds: [4, 5] }) as never, t.db);
    expect(closed.find((d) => d.userId === 3)).toMatchObject({ link: '/auctions/7/selling' });
    const offer = await auctionExtrasDrafts['auction.offer_made'](event('auction.offer_made', { offerId: 9, listingId: 7, bidderId: 4, title: 'Lamp', amount: 3000, currency: 'EUR', kind: 'reserve_not_met' }) as never, t.db);
    expect(offer).toEqual([expect.objectContaining({ userId: 4, link: '/auction-offers/9' })]);
    const soon = await auctionExtrasDrafts['auction.ending_soon'](event('auction.ending_soon', { listingId: 7, title: 'Lamp', userIds: [4, 5] }) as never, t.db);
    expect(soon.map((d) => d.userId)).toEqual([4, 5]);
  });

  it('the one-minute sweep and the lapse reaction do their part once', async () => {
    const { sweepAuctionExtras, unpaidStrikeJob } = await import('../../jobs/auctions/auction-extras.job.js');
    const { listing, users, row, closed } = await closedAuction({}, [[0, 2000]]);
    expect(closed).toMatchObject({ outcome: 'sold' });
    const order = await t.db('orders').where({ checkout_key: `auction:${row.id}` }).first();
    clock.set(new Date(new Date(order.reserved_until).getTime() + 1000));
    await lapseOrder(db, Number(order.id), { by: 'due' });
    const rt = { db } as never;
    expect(await unpaidStrikeJob(rt, { data: { payload: { orderId: Number(order.id) } } } as never)).toBe(1);
    expect(await unpaidStrikeJob(rt, { data: { payload: { orderId: Number(order.id) } } } as never)).toBe(0);
    expect((await sweepAuctionExtras({ db })).strikes).toBe(0);
    expect(await strikesOf(t.db, users[0].id)).toHaveLength(1);
    expect(listing.id).toBeGreaterThan(0);
  });
});
