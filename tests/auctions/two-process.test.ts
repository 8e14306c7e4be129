import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INCREMENTS } from '../../src/auctions/increments.js';
import { auctionOfListing, ensureAuction, numeric, type BidRow } from '../../src/auctions/queries.js';
import { startWorker } from '../../jobs/worker.js';
import { eventually } from '../app.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { collectSseFrames } from '../sse.js';
import { createUser } from '../factories.js';
import { Client } from '../http.js';
import { startWebProcess, type WebProcess } from '../processes.js';
import { auctionListing } from './helpers.js';
import { AuctionModel } from './model.js';

/**
 * Many people bidding on one auction at once, through two web processes of their
 * own sharing the database: every bid is serialized on the auction row, so no bid
 * is lost or counted twice, and the stored outcome is the one the reference model
 * gives for the bids in the order they took the lock.
 */
const ROUNDS = Number(process.env.BID_ROUNDS ?? 10);
const PER_ROUND = 200;
const BIDDERS = 40;

let t: TestEnv;
let web: WebProcess[] = [];
let worker: Awaited<ReturnType<typeof startWorker>> | null = null;

beforeAll(async () => {
  // the wallet guarantee is out of the way (every bid here is a row write or a refusal the engine gives)
  t = await createTestEnv({ RATE_BIDS_PER_MINUTE: '100000', AUCTION_VERIFIED_ABOVE: '1000000000', RATE_GENERAL_PER_MINUTE: '1000000', RATE_SIGNIN_PER_IP: '100000', RATE_SIGNIN_PER_ACCOUNT: '1000', DATABASE_POOL_MAX: '8' });
  web = await Promise.all([startWebProcess(t.env), startWebProcess(t.env)]);
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await Promise.all(web.map((w) => w.stop()));
  await t?.drop();
});

describe('one auction, two web processes', () => {
  it(`${PER_ROUND} concurrent bids × ${ROUNDS} rounds: none lost, none doubled, the outcome the model gives`, async () => {
    const { listing } = await auctionListing(t.db, { start_price: 1000, ends_at: new Date(Date.now() + 30 * 86_400_000) });
    const auction = (await ensureAuction(t.db, listing.id))!;
    const people = await Promise.all(Array.from({ length: BIDDERS }, () => createUser(t.db)));
    // each bidder signs in on one process; the session is good on both
    const clients = await Promise.all(
      people.map(async (p, i) => {
        const c = new Client(web[i % 2].baseUrl);
        await c.signIn(p.email, p.password);
        expect(c.cookie('souk.sid')).toBeTruthy();
        return c;
      }),
    );

    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    const rand = fc.sample(fc.integer({ min: 0, max: 60_000 }), { numRuns: ROUNDS * PER_ROUND, seed });
    const answers = { accepted: 0, refused: 0, other: [] as string[] };
    for (let round = 0; round < ROUNDS; round++) {
      const now = (await auctionOfListing(t.db, listing.id))!;
      const base = now.price ?? now.start_price;
      await Promise.all(
        Array.from({ length: PER_ROUND }, async (_, i) => {
          const n = round * PER_ROUND + i;
          const who = clients[n % BIDDERS];
          const max = base + rand[n];
          // half the bids go to each process, whichever one the bidder signed in on
          const res = await who.post(`${web[n % 2].baseUrl}/auctions/${listing.id}/bids`, { max: (max / 100).toFixed(2) }, { follow: false });
          if (res.status === 303 && (res.headers.get('location') ?? '').endsWith(`/listings/${listing.id}`)) answers.accepted++;
          else if (res.status === 409) answers.refused++;
          else answers.other.push(`${res.status} ${res.headers.get('location') ?? ''} ${res.doc.querySelector('.error, [role=alert]')?.text ?? ''}`.trim());
        }),
      );
    }

    // every request was answered as taken or refused, and each left exactly one bid row
    expect(answers.other, `seed ${seed}`).toEqual([]);
    const rows = (await t.db<BidRow>('bids').where({ auction_id: auction.id }).orderBy('id')).map(numeric);
    expect(rows).toHaveLength(ROUNDS * PER_ROUND);
    const accepted = rows.filter((r) => r.status === 'accepted');
    expect(accepted).toHaveLength(answers.accepted);
    expect(rows.filter((r) => r.status === 'refused')).toHaveLength(answers.refused);
    expect(new Set(accepted.map((r) => r.seq)).size).toBe(accepted.length);
    const final = (await auctionOfListing(t.db, listing.id))!;
    expect(final.bid_count).toBe(accepted.length);
    expect(final.last_seq).toBe(accepted.length);

    // the reference model, fed the bids in the order they took the lock, agrees on every one
    const model = new AuctionModel({
      sellerId: final.seller_id,
      startPrice: final.start_price,
      reservePrice: final.reserve_price,
      buyNowPrice: final.buy_now_price,
      buyNowUntil: final.buy_now_until,
      endsAt: final.ends_at.getTime(),
      softCloseMs: final.soft_close_seconds * 1000,
      bands: DEFAULT_INCREMENTS.map((b) => [b.from, b.step]),
    });
    let seq = 0;
    const disagreements = rows.flatMap((r) => {
      const out = model.bid({ kind: 'max', bidderId: r.bidder_id, max: r.max_amount, at: new Date(r.created_at).getTime(), seq: r.status === 'accepted' ? ++seq : seq + 1 });
      const stored = r.status === 'accepted' ? 'accepted' : `refused ${r.reason}`;
      const modelled = out.ok ? 'accepted' : `refused ${out.reason}`;
      return stored === modelled ? [] : [`bid ${r.id}: stored ${stored}, model ${modelled}`];
    });
    expect(disagreements, `seed ${seed}`).toEqual([]);
    expect({ price: final.price, leader: final.leader_id }).toEqual({ price: model.price, leader: model.leaderId() });
    expect(answers.accepted).toBeGreaterThan(ROUNDS);
  }, 300_000);
});

describe('a bid seen on the other process', () => {
  it('a bid posted to one web process reaches a visitor watching on the other, pushed by the worker', async () => {
    worker = await startWorker(t.env);
    const { listing } = await auctionListing(t.db, { start_price: 1000 });
    const [bidder] = await Promise.all([createUser(t.db)]);
    const client = new Client(web[0].baseUrl);
    await client.signIn(bidder.email, bidder.password);

    const ac = new AbortController();
    const res = await fetch(`${web[1].baseUrl}/events?streams=${encodeURIComponent(`auction:${listing.id}`)}`, { headers: { accept: 'text/event-stream' }, signal: ac.signal });
    expect(res.status).toBe(200);
    const frames: { event: string; data: string; id?: string }[] = [];
    collectSseFrames(res.body!, frames);
    try {
      const sent = Date.now();
      const answer = await client.post(`/auctions/${listing.id}/bids`, { max: '25.00' }, { follow: false });
      expect(answer.status).toBe(303);
      const committed = Date.now();
      const frame = await eventually(() => frames.find((f) => f.event === 'auction-update' && f.data.includes('1 bid<')), 20_000, 10);
      const seen = Date.now();
      expect(frame!.data).toContain('€10.00');
      console.log(`bid on process ${web[0].pid} → frame on process ${web[1].pid}: ${seen - committed} ms after the answer (${seen - sent} ms after posting)`);
    } finally {
      ac.abort();
    }
  }, 60_000);
});
