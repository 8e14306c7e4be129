import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { closeAuction, sweepAuctions } from '../../src/auctions/closing.js';
import { auctionOfListing, ensureAuction } from '../../src/auctions/queries.js';
import { createDb, type Db } from '../../src/db.js';
import { clock } from '../../src/lib/clock.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { auctionListing, bidders, outbox, settings } from './helpers.js';
import { pay, topUp } from '../ledger/helpers.js';
import { balances, transfer } from '../../src/ledger/ledger.js';

let t: TestEnv;
let db: Db;
const quiet = { warn: () => {} };

beforeAll(async () => {
  t = await createTestEnv();
  db = createDb(t.databaseUrl, 8);
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});
afterEach(() => clock.reset());

const bid = (listingId: number, bidderId: number, max: number) => placeBidOn(db, { listingId, bidderId, kind: 'max', max }, settings);
const MIN = 60_000;

describe('soft close on a moved clock', () => {
  it('a bid that changes the leader in the last minutes moves the end; a leader’s raise and a refused bid do not', async () => {
    const { listing } = await auctionListing(t.db, { ends_at: new Date(Date.now() + 3_600_000) });
    const [a, b] = await bidders(t.db, 2);
    const a0 = (await ensureAuction(t.db, listing.id))!;
    const end = a0.ends_at.getTime();

    clock.set(new Date(end - 10 * MIN));
    await bid(listing.id, a.id, 2000);
    expect((await auctionOfListing(t.db, listing.id))!.ends_at.getTime()).toBe(end);

    clock.set(new Date(end - MIN));
    expect(await bid(listing.id, b.id, 3000)).toMatchObject({ ok: true, leading: true });
    const extended = end - MIN + 2 * MIN;
    expect((await auctionOfListing(t.db, listing.id))!.ends_at.getTime()).toBe(extended);
    expect((await outbox(t.db, 'auction.extended')).filter((p) => p.listingId === listing.id)).toEqual([{ auctionId: a0.id, listingId: listing.id, endsAt: new Date(extended).toISOString() }]);

    clock.set(new Date(extended - 30_000));
    await bid(listing.id, b.id, 5000);
    expect(await bid(listing.id, a.id, 1000)).toMatchObject({ ok: false, reason: 'too_low' });
    expect((await auctionOfListing(t.db, listing.id))!.ends_at.getTime()).toBe(extended);

    // the close queued for the first end finds nothing due
    clock.set(new Date(end + 1000));
    expect(await closeAuction(db, a0.id, settings)).toEqual({ result: 'not-due', endsAt: new Date(extended) });
    clock.set(new Date(extended));
    expect(await closeAuction(db, a0.id, settings)).toMatchObject({ result: 'closed', outcome: 'sold' });
  });
});

describe('closing', () => {
  it('run twice and by two workers at once: one order for the winner, the listing sold out, everyone told', async () => {
    const { seller, listing } = await auctionListing(t.db, { reserve_price: 2000 });
    const [a, b, c] = await bidders(t.db, 3);
    await bid(listing.id, a.id, 2500);
    await bid(listing.id, b.id, 4000);
    await bid(listing.id, c.id, 3000);
    const row = (await auctionOfListing(t.db, listing.id))!;
    expect(row).toMatchObject({ leader_id: b.id, price: 3100 });

    expect(await closeAuction(db, row.id, settings)).toMatchObject({ result: 'not-due' });
    const at = new Date(row.ends_at.getTime() + 5000);
    clock.set(at);
    const results = await Promise.all([closeAuction(db, row.id, settings), closeAuction(db, row.id, settings), sweepAuctions(db, settings, quiet)]);
    const again = await closeAuction(db, row.id, settings);
    const closed = [results[0], results[1], again].filter((r) => r.result === 'closed').length + results[2].closed;
    expect(closed).toBe(1);

    const orders = await t.db('orders').where({ buyer_id: b.id });
    expect(orders).toHaveLength(1);
    const o = orders[0];
    expect(o).toMatchObject({ status: 'awaiting_payment', checkout_key: `auction:${row.id}` });
    expect(Number(o.items_total)).toBe(3100);
    expect(new Date(o.reserved_until).getTime()).toBe(at.getTime() + 3 * 86_400_000);
    const lines = await t.db('order_lines').where({ order_id: o.id });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'auction', quantity: 1 });
    expect(Number(lines[0].unit_price)).toBe(3100);
    expect(Number(lines[0].commission_amount)).toBe(310);
    expect(await t.db('seller_orders').where({ order_id: o.id }).count({ n: '*' }).first()).toEqual({ n: 1 });

    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ status: 'ended', outcome: 'sold', winner_id: b.id, order_id: Number(o.id) });
    expect((await t.db('listings').where({ id: listing.id }).first('status')).status).toBe('sold_out');

    const news = (await outbox(t.db, 'auction.closed')).filter((p) => p.listingId === listing.id);
    expect(news).toHaveLength(1);
    expect(news[0]).toMatchObject({ outcome: 'sold', winnerId: b.id, sellerId: seller.id, price: 3100, bidderIds: [a.id, b.id, c.id].sort((x, y) => x - y) });

    // bids after the close are refused
    expect(await bid(listing.id, a.id, 9000)).toMatchObject({ ok: false, reason: 'not_open' });
  });

  it('reserve not met: no sale, the outcome recorded, the listing ended', async () => {
    const { listing } = await auctionListing(t.db, { reserve_price: 10_000 });
    const [a] = await bidders(t.db, 1);
    await bid(listing.id, a.id, 5000);
    const row = (await auctionOfListing(t.db, listing.id))!;
    clock.set(new Date(row.ends_at.getTime() + 1));
    expect(await closeAuction(db, row.id, settings)).toEqual({ result: 'closed', outcome: 'reserve_not_met', orderId: null });
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ status: 'ended', outcome: 'reserve_not_met', winner_id: null, order_id: null });
    expect(await t.db('orders').where({ buyer_id: a.id })).toHaveLength(0);
    expect((await t.db('listings').where({ id: listing.id }).first('status')).status).toBe('expired');
  });

  it('the sweep creates missing auction rows and closes what is due; no bids is no sale', async () => {
    const { listing } = await auctionListing(t.db, { ends_at: new Date(Date.now() + 3_600_000) });
    expect(await auctionOfListing(t.db, listing.id)).toBeUndefined();
    await sweepAuctions(db, settings, quiet);
    const row = (await auctionOfListing(t.db, listing.id))!;
    expect(row).toMatchObject({ status: 'open' });
    clock.set(new Date(row.ends_at.getTime()));
    await sweepAuctions(db, settings, quiet);
    expect(await auctionOfListing(t.db, listing.id)).toMatchObject({ status: 'ended', outcome: 'no_bids' });
  });

  it('buy it now ends the auction at once and becomes an order', async () => {
    const { listing } = await auctionListing(t.db, { buy_now_price: 8000 });
    const [a, b] = await bidders(t.db, 2);
    const r = await placeBidOn(db, { listingId: listing.id, bidderId: a.id, kind: 'buy_now' }, settings);
    expect(r).toMatchObject({ ok: true, leading: true });
    const row = (await auctionOfListing(t.db, listing.id))!;
    expect(row).toMatchObject({ status: 'ended', outcome: 'bought_now', winner_id: a.id, price: 8000 });
    expect(r.ok && r.orderId).toBe(row.order_id);
    expect(await t.db('orders').where({ buyer_id: a.id })).toHaveLength(1);
    expect(await placeBidOn(db, { listingId: listing.id, bidderId: b.id, kind: 'buy_now' }, settings)).toMatchObject({ ok: false, reason: 'not_open' });
    expect(await closeAuction(db, row.id, settings)).toEqual({ result: 'done' });
  });
});

describe('a win guaranteed by wallet funds', () => {
  const ADDRESS = { name: 'Ana Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };

  it('is paid from the wallet at the close when the funds still cover it, with the money in escrow', async () => {
    const { listing } = await auctionListing(t.db);
    const [a, b] = await bidders(t.db, 2);
    await topUp(t.db, a.id, 100_000);
    await t.db('addresses').insert({ user_id: a.id, ...ADDRESS });
    expect(await bid(listing.id, b.id, 20_000)).toMatchObject({ ok: true });
    expect(await bid(listing.id, a.id, 80_000)).toMatchObject({ ok: true, leading: true });
    const row = (await auctionOfListing(t.db, listing.id))!;
    clock.set(new Date(row.ends_at.getTime() + 1000));
    expect(await closeAuction(db, row.id, settings)).toMatchObject({ result: 'closed', outcome: 'sold' });

    const order = await t.db('orders').where({ buyer_id: a.id }).first();
    expect(order).toMatchObject({ status: 'paid' });
    expect(Number(order.wallet_amount)).toBe(Number(order.total));
    expect(Number(order.card_amount)).toBe(0);
    const wallet = await balances(t.db, a.id, row.currency);
    expect(wallet.available).toBe(100_000 - Number(order.total));
    expect(wallet.held).toBe(Number(order.total));
    expect((await auctionOfListing(t.db, listing.id))!.payment_due_at).toBeNull();
  });

  it('awaits payment as usual when the wallet no longer covers it, or there is no address to ship to', async () => {
    const poor = await auctionListing(t.db);
    const noAddress = await auctionListing(t.db);
    const [a, c] = await bidders(t.db, 2);
    await topUp(t.db, a.id, 60_000);
    await topUp(t.db, c.id, 60_000);
    await t.db('addresses').insert({ user_id: a.id, ...ADDRESS });
    expect(await bid(poor.listing.id, a.id, 60_000)).toMatchObject({ ok: true });
    expect(await bid(noAddress.listing.id, c.id, 60_000)).toMatchObject({ ok: true });
    // a moves the money away before the end (the price is 10.00; 1.00 is left)
    const [d] = await bidders(t.db, 1);
    await t.db.transaction((trx) => transfer(trx, pay(`away:${a.id}`, a.id, d.id, 59_900)));

    for (const l of [poor.listing, noAddress.listing]) {
      const row = (await auctionOfListing(t.db, l.id))!;
      clock.set(new Date(row.ends_at.getTime() + 1000));
      expect(await closeAuction(db, row.id, settings)).toMatchObject({ result: 'closed', outcome: 'sold' });
    }
    for (const buyer of [a, c]) {
      const order = await t.db('orders').where({ buyer_id: buyer.id }).first();
      expect(order).toMatchObject({ status: 'awaiting_payment' });
      expect(Number(order.card_amount)).toBe(Number(order.total));
    }
  });
});
