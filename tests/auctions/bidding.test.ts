import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn, type BidResult } from '../../src/auctions/bidding.js';
import { DEFAULT_INCREMENTS, newAuction, placeBid, type AuctionState } from '../../src/auctions/engine.js';
import { acceptedBids, auctionOfListing, ensureAuction } from '../../src/auctions/queries.js';
import { someoneWaitsForALock } from '../app.js';
import { createDb, type Db } from '../../src/db.js';
import { clock } from '../../src/lib/clock.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { topUp } from '../ledger/helpers.js';
import { auctionListing, bidders, outbox, settings } from './helpers.js';

let t: TestEnv;
let db: Db;

beforeAll(async () => {
  t = await createTestEnv();
  // a pool wide enough that the bids below really wait for each other on the auction row
  db = createDb(t.databaseUrl, 16);
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});
afterEach(() => clock.reset());

const bid = (listingId: number, bidderId: number, max: number) => placeBidOn(db, { listingId, bidderId, kind: 'max', max }, settings);
const refusal = (r: BidResult) => (r.ok ? null : r.reason);

describe('proxy bidding through the auction row', () => {
  it('bids for the leader one increment above the next best maximum, never above theirs', async () => {
    const { listing } = await auctionListing(t.db);
    const [a, b, c] = await bidders(t.db, 3);

    const first = await bid(listing.id, a.id, 5000);
    expect(first).toMatchObject({ ok: true, leading: true });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 1000, leader_id: a.id, leader_max: 5000, bid_count: 1 });

    const second = await bid(listing.id, b.id, 3000);
    expect(second).toMatchObject({ ok: true, leading: false });
    expect(second.ok && second.message).toMatch(/outbid a moment ago/);
    // 30.00 + the 1.00 step of its band
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 3100, leader_id: a.id, runner_up_id: b.id, bid_count: 2 });

    const third = await bid(listing.id, c.id, 6000);
    expect(third).toMatchObject({ ok: true, leading: true });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 5100, leader_id: c.id, leader_max: 6000, runner_up_id: a.id, bid_count: 3 });

    // the leader raising their own maximum leaves the price where it is
    expect(await bid(listing.id, c.id, 9000)).toMatchObject({ ok: true, leading: true });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 5100, leader_max: 9000, bid_count: 4 });

    const placed = (await outbox(t.db, 'bid.placed')).filter((p) => p.listingId === listing.id);
    expect(placed.map((p) => [p.price, p.leaderId, p.previousLeaderId, p.bidCount])).toEqual([
      [1000, a.id, null, 1],
      [3100, a.id, a.id, 2],
      [5100, c.id, a.id, 3],
      [5100, c.id, c.id, 4],
    ]);
    expect((await outbox(t.db, 'bid.outbid')).filter((p) => p.listingId === listing.id).map((p) => p.userId)).toEqual([a.id]);
    expect((await acceptedBids(t.db, (await auctionOfListing(t.db, listing.id))!.id)).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
  });

  it('lifts the price straight to a reserve a maximum covers', async () => {
    const { listing } = await auctionListing(t.db, { reserve_price: 4000 });
    const [a] = await bidders(t.db, 1);
    expect(await bid(listing.id, a.id, 2000)).toMatchObject({ ok: true, leading: true });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 1000 });
    expect(await bid(listing.id, a.id, 4500)).toMatchObject({ ok: true, leading: true });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ price: 4000 });
  });
});

describe('refusals', () => {
  it('refuses the seller, a maximum below the asking price, a blocked bidder and an ended auction, with the asking price', async () => {
    const { seller, listing } = await auctionListing(t.db);
    const [a, b] = await bidders(t.db, 2);

    expect(refusal(await bid(listing.id, seller.id, 2000))).toBe('seller');
    expect(await bid(listing.id, a.id, 900)).toMatchObject({ ok: false, reason: 'too_low', asking: 1000 });
    await bid(listing.id, a.id, 2000);
    const low = await bid(listing.id, b.id, 1000);
    // after a first bid at 10.00 the asking price is 10.00 + 0.50
    expect(low).toMatchObject({ ok: false, reason: 'too_low', asking: 1050 });

    const blocked = await createUser(t.db);
    await t.db('users').where({ id: blocked.id }).update({ blocked_at: new Date(), blocked_reason: 'Spam' });
    expect(refusal(await bid(listing.id, blocked.id, 5000))).toBe('blocked');

    const a0 = (await auctionOfListing(t.db, listing.id))!;
    clock.set(new Date(a0.ends_at.getTime() + 1000));
    expect(refusal(await bid(listing.id, b.id, 5000))).toBe('ended');

    const row = (await auctionOfListing(t.db, listing.id))!;
    expect(row).toMatchObject({ bid_count: 1, leader_id: a.id, price: 1000 });
    const refused = await t.db('bids').where({ auction_id: row.id, status: 'refused' }).pluck('reason');
    expect(refused.sort()).toEqual(['ended', 'too_low', 'too_low']);
  });

  it('a maximum above the guarantee threshold needs that much in the wallet', async () => {
    const { listing } = await auctionListing(t.db);
    const [a] = await bidders(t.db, 1);
    const r = await bid(listing.id, a.id, 60_000);
    expect(r).toMatchObject({ ok: false, reason: 'funds' });
    expect(!r.ok && r.message).toMatch(/needs that much in your wallet/);
    await topUp(t.db, a.id, 60_000);
    expect(await bid(listing.id, a.id, 60_000)).toMatchObject({ ok: true, leading: true });
    // at or below the threshold, no guarantee is asked
    const [b] = await bidders(t.db, 1);
    expect(await bid(listing.id, b.id, 50_000)).toMatchObject({ ok: true, leading: false });
  });

  it('does not take bids on a listing that is not an auction', async () => {
    const { listing } = await auctionListing(t.db, { kind: 'fixed', start_price: null, starts_at: null, ends_at: null });
    const [a] = await bidders(t.db, 1);
    expect(refusal(await bid(listing.id, a.id, 5000))).toBe('not_found');
  });
});

describe('concurrency', () => {
  it('a bid that waited while its seller paused the auction is refused once the pause is committed', async () => {
    const { listing } = await auctionListing(t.db);
    await ensureAuction(t.db, listing.id);
    const [a] = await bidders(t.db, 1);
    // the seller's pause, held open: it locks the auction row, as the check for bids does, and pauses the listing
    const pause = await db.transaction();
    await pause('auctions').where({ listing_id: listing.id }).forUpdate().first('id');
    await pause('listings').where({ id: listing.id }).update({ status: 'paused' });
    const pending = bid(listing.id, a.id, 2000);
    await someoneWaitsForALock(t.db);
    await pause.commit();
    expect(await pending).toMatchObject({ ok: false, reason: 'not_open' });
    expect((await auctionOfListing(t.db, listing.id))!.bid_count).toBe(0);
  });

  it('200 bids at once on one auction: none lost, none doubled, the same outcome as the engine over the bids in commit order', async () => {
    const { seller, listing } = await auctionListing(t.db, { reserve_price: 20_000 });
    const people = await bidders(t.db, 20);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const attempts = Array.from({ length: 200 }, (_, i) => ({ bidder: people[Math.floor(rnd() * people.length)].id, max: 1000 + Math.floor(rnd() * 40_000) + i }));

    const results = await Promise.all(attempts.map((x) => bid(listing.id, x.bidder, x.max)));
    const accepted = results.filter((r) => r.ok).length;
    for (const r of results) if (!r.ok) expect(['too_low', 'not_above_own']).toContain(r.reason);

    const row = (await auctionOfListing(t.db, listing.id))!;
    const bids = await acceptedBids(t.db, row.id);
    expect(bids).toHaveLength(accepted);
    expect(row.bid_count).toBe(accepted);
    expect(row.last_seq).toBe(accepted);
    expect(bids.map((b) => b.seq)).toEqual(Array.from({ length: accepted }, (_, i) => i + 1));
    expect(Number((await t.db('bids').where({ auction_id: row.id }).count({ n: '*' }).first())?.n)).toBe(200);
    expect((await outbox(t.db, 'bid.placed')).filter((p) => p.listingId === listing.id)).toHaveLength(accepted);

    // the engine over the accepted bids, in the order they were taken
    let state: AuctionState = newAuction({ sellerId: seller.id, startPrice: 1000, reservePrice: 20_000, endsAt: row.ends_at.getTime() });
    for (const b of bids) {
      const out = placeBid(state, { kind: 'max', bidderId: b.bidder_id, max: b.max_amount, at: b.created_at.getTime(), seq: b.seq! }, DEFAULT_INCREMENTS);
      expect(out.ok).toBe(true);
      if (out.ok) state = out.state;
      expect(b.amount).toBe(state.price);
    }
    expect(row.price).toBe(state.price);
    expect(row.leader_id).toBe(state.leader?.bidderId);
    expect(row.leader_max).toBe(state.leader?.max);
    expect(row.runner_up_id).toBe(state.runnerUp?.bidderId ?? null);
    expect(row.ends_at.getTime()).toBe(state.endsAt);
  });
});
