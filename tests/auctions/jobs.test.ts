import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJobId } from '../../jobs/auctions/close-auction.job.js';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { auctionOfListing, ensureAuction } from '../../src/auctions/queries.js';
import { emit } from '../../src/outbox/outbox.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { auctionListing, bidders, settings } from './helpers.js';

let app: TestApp;
let queues: Queues;

beforeAll(async () => {
  app = await startTestApp();
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
});
afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

describe('the delayed close job', () => {
  it('is queued at the end when the auction opens, again at the new end after each extension, and the one at the end closes it', async () => {
    // ends in 90 s, inside the two-minute soft close: a bid that takes the lead moves the end
    const { listing } = await auctionListing(app.db, { starts_at: new Date(Date.now() - 60_000), ends_at: new Date(Date.now() + 90_000) });
    const opened = (await ensureAuction(app.db, listing.id))!;
    await app.db.transaction((trx) => emit(trx, 'listing.approved', { listingId: listing.id, userId: opened.seller_id, title: listing.title }));
    const first = await eventually(() => queues.money.getJob(closeJobId(opened.id, opened.ends_at)));
    expect(first!.name).toBe('close-auction');
    expect(first!.opts.delay).toBeGreaterThan(60_000);

    const [ann, ben] = await bidders(app.db, 2);
    for (const [who, max] of [[ann, 2000], [ben, 3000]] as const) {
      const before = (await auctionOfListing(app.db, listing.id))!.ends_at;
      expect((await placeBidOn(app.db, { listingId: listing.id, bidderId: who.id, kind: 'max', max }, settings)).ok).toBe(true);
      const after = (await auctionOfListing(app.db, listing.id))!;
      expect(after.ends_at.getTime()).toBeGreaterThan(before.getTime());
      const again = await eventually(() => queues.money.getJob(closeJobId(after.id, after.ends_at)));
      expect(again!.opts.delay).toBeGreaterThan(100_000);
    }
    // Ann, outbid, finds it among her notifications, with the way back to the auction
    const note = await eventually(() => app.db('notifications').where({ user_id: ann.id, kind: 'bid.outbid' }).first());
    expect(note.title).toContain(listing.title);
    expect(note.link).toContain(`/listings/${listing.id}`);
    expect(await app.db('notifications').where({ user_id: ben.id, kind: 'bid.outbid' })).toHaveLength(0);
  });

  it('closes an auction at its end without waiting for the sweep: winner, price and order', async () => {
    const { listing } = await auctionListing(app.db, { starts_at: new Date(Date.now() - 60_000), ends_at: new Date(Date.now() + 60_000) });
    const a = (await ensureAuction(app.db, listing.id))!;
    const [ann] = await bidders(app.db, 1);
    // no soft close on this one, and its end brought to a few seconds away
    await app.db('auctions').where({ id: a.id }).update({ soft_close_seconds: 0 });
    expect((await placeBidOn(app.db, { listingId: listing.id, bidderId: ann.id, kind: 'max', max: 2500 }, settings)).ok).toBe(true);
    const endsAt = new Date(Date.now() + 3000);
    await app.db('auctions').where({ id: a.id }).update({ ends_at: endsAt });
    await app.db.transaction((trx) => emit(trx, 'auction.extended', { auctionId: a.id, listingId: listing.id, endsAt: endsAt.toISOString() }));

    const job = await eventually(async () => {
      const j = await queues.money.getJob(closeJobId(a.id, endsAt));
      return j && (await j.isCompleted()) ? j : null;
    }, 25_000);
    expect(job!.returnvalue).toMatchObject({ result: 'closed' });
    const closed = (await auctionOfListing(app.db, listing.id))!;
    expect(closed).toMatchObject({ status: 'ended', winner_id: ann.id, price: 1000 });
    expect(closed.order_id).not.toBeNull();
  });
});
