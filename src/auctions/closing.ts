import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { clock } from '../lib/clock.js';
import { endAuctionListing } from '../listings/auction-outcome.js';
import { orderFromAuction } from '../orders/auction-orders.js';
import { emit } from '../outbox/outbox.js';
import { close, type CloseOutcome } from './engine.js';
import { biddersOf, dueAuctions, ensureMissingAuctions, numeric, stateOf, type AuctionOutcome, type AuctionRow } from './queries.js';
import type { AuctionSettings } from './settings.js';

type Closed = Extract<CloseOutcome, { closed: true }>;

/**
 * Records how an ended auction came out, in the transaction that ended it: a sale
 * (by the end or buy it now) becomes an order (paid from the wallet when the
 * winning bid was guaranteed by it, else awaiting payment) and the listing
 * goes sold out; no bids or a reserve not met is no sale and the listing ends.
 * Winner, losers and seller hear of it through `auction.closed`.
 */
export async function settle(trx: Knex.Transaction, row: AuctionRow, closed: Closed, at: Date, settings: AuctionSettings): Promise<{ auction: AuctionRow; outcome: AuctionOutcome }> {
  const r = closed.result;
  let outcome: AuctionOutcome;
  let patch: Partial<AuctionRow> = { status: 'ended', closed_at: row.closed_at ?? at, updated_at: at };
  if (r.sold) {
    outcome = r.via === 'buy_now' ? 'bought_now' : 'sold';
    const order = await orderFromAuction(trx, {
      auctionId: row.id,
      listingId: row.listing_id,
      buyerId: r.winnerId,
      sellerId: row.seller_id,
      price: r.price,
      currency: row.currency,
      via: r.via === 'buy_now' ? 'bought_now' : 'won',
      paymentDays: settings.paymentDays,
      shipDays: settings.shipDays,
      escrowDays: settings.escrowDays,
      at,
      // the bid that won committed more than the guarantee threshold: it was backed by wallet funds
      payFromWallet: (r.via === 'buy_now' ? r.price : (closed.state.leader?.max ?? 0)) > settings.verifiedAbove,
    });
    patch = { ...patch, outcome, winner_id: r.winnerId, order_id: order.id, payment_due_at: order.status === 'paid' ? null : order.reserved_until };
  } else {
    outcome = r.reason;
  }
  const [updated] = await trx('auctions').where({ id: row.id }).update({ ...patch, outcome }).returning('*');
  await endAuctionListing(trx, row.listing_id, r.sold, at);
  const title = (await trx('listings').where({ id: row.listing_id }).first('title'))?.title ?? '';
  await emit(trx, 'auction.closed', {
    auctionId: row.id,
    listingId: row.listing_id,
    sellerId: row.seller_id,
    title,
    outcome,
    price: r.sold ? r.price : (closed.state.price ?? null),
    currency: row.currency,
    winnerId: r.sold ? r.winnerId : null,
    orderId: patch.order_id ?? null,
    bidderIds: await biddersOf(trx, row.id),
  });
  return { auction: numeric(updated as AuctionRow), outcome };
}

export type CloseResult = { result: 'closed'; outcome: AuctionOutcome; orderId: number | null } | { result: 'not-due'; endsAt: Date } | { result: 'done' };

/**
 * Closes one auction whose end has passed, exactly once: the conditional UPDATE
 * (`status = 'open' and ends_at <= now`) lets one caller through, whatever runs it
 * (the delayed job, the sweep, two workers at once); a bid holding the row makes it
 * wait, and a bid that extended the end makes it find nothing due. The engine's
 * `close` then decides the outcome, in the same transaction.
 */
export async function closeAuction(db: Knex, auctionId: number, settings: AuctionSettings): Promise<CloseResult> {
  return db.transaction(async (trx) => {
    const at = clock.now();
    const [ended] = await trx('auctions').where({ id: auctionId, status: 'open' }).where('ends_at', '<=', at).update({ status: 'ended', closed_at: at, updated_at: at }).returning('*');
    if (!ended) {
      const now = await trx('auctions').where({ id: auctionId }).first('status', 'ends_at');
      return now?.status === 'open' ? { result: 'not-due', endsAt: new Date(now.ends_at) } : { result: 'done' };
    }
    const row = numeric(ended as AuctionRow);
    const closed = close(stateOf(row), at.getTime());
    // the row was due, so the engine closes it; a state that disagrees is a bug worth stopping for
    if (!closed.closed) throw new Error(`auction ${row.id} is due at ${row.ends_at.toISOString()} but the engine would not close it`);
    const { auction, outcome } = await settle(trx, row, closed, at, settings);
    return { result: 'closed', outcome, orderId: auction.order_id };
  });
}

export interface AuctionSweepReport {
  opened: number;
  closed: number;
  failed: number;
}

/**
 * The safety net behind the delayed close jobs, every minute: creates the auction
 * rows a lost approval job did not, and closes every open auction past its end.
 * Each auction closes in its own transaction; one failing is logged, the rest go on.
 */
export async function sweepAuctions(db: Knex, settings: AuctionSettings, log: Pick<Logger, 'warn'>): Promise<AuctionSweepReport> {
  const report: AuctionSweepReport = { opened: 0, closed: 0, failed: 0 };
  report.opened = await ensureMissingAuctions(db);
  for (const id of await dueAuctions(db, clock.now())) {
    try {
      if ((await closeAuction(db, id, settings)).result === 'closed') report.closed++;
    } catch (err) {
      report.failed++;
      log.warn({ err, id }, 'auction sweep item failed');
    }
  }
  return report;
}
