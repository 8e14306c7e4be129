import type { Knex } from 'knex';
import { isBlocked } from '../accounts/accounts.js';
import { balances } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { LaneFull, lanes } from '../lib/lanes.js';
import { formatDateTime } from '../lib/locale.js';
import { formatMoney } from '../lib/money.js';
import { settle } from './closing.js';
import { askingPrice, close, placeBid, refusalMessage, type BidRequest, type RefusalReason } from './engine.js';
import { auctionOfJson, bidContext, columnsOf, ensureAuction, incrementTable, lockAuctionOfListing, placeMaxBidRow, stateOf, writeAcceptedBid, type AuctionRow } from './queries.js';
import type { AuctionSettings } from './settings.js';

export type BidAttempt = { listingId: number; bidderId: number } & ({ kind: 'max'; max: number } | { kind: 'buy_now' });

export type BidRefusal = RefusalReason | 'not_found' | 'not_open' | 'not_started' | 'blocked' | 'funds' | 'busy';

export type BidResult =
  | {
      ok: true;
      auction: AuctionRow;
      /** whether the bidder leads once their bid was taken into account */
      leading: boolean;
      message: string;
      /** a buy-it-now ended the auction with this order */
      orderId: number | null;
    }
  | { ok: false; reason: BidRefusal; message: string; /** the least maximum that would be taken now (null: none) */ asking: number | null };

const refused = (reason: BidRefusal, message: string, asking: number | null = null): BidResult => ({ ok: false, reason, message, asking });

const NOT_AN_AUCTION = 'This listing is not an auction open for bids.';
const SIGN_IN = 'Please sign in to bid.';
/** Why an auction takes no bids: its own status, or `listing` when its listing is not active. */
const notOpenMessage = (status: string) =>
  status === 'suspended' ? 'This auction is suspended.' : status === 'listing' ? 'This auction is not open for bids right now.' : 'This auction has ended.';
const fundsMessage = (settings: AuctionSettings, available: number, currency: string) =>
  `A bid above ${formatMoney(settings.verifiedAbove, currency)} needs that much in your wallet: yours has ${formatMoney(available, currency)}. Top up your wallet, or bid less.`;

/** What the bidder is told once their bid was taken (buy-it-now, leading, or outbid by a higher maximum). */
function acceptedMessage(kind: BidAttempt['kind'], leading: boolean, price: number, currency: string, reserveMet: boolean): string {
  const shown = formatMoney(price, currency);
  if (kind === 'buy_now') return `You bought it for ${shown}. Pay for your order to complete the purchase.`;
  if (!leading) return `You were outbid a moment ago: another bidder's maximum is higher. The price is now ${shown}.`;
  return reserveMet ? `You are the highest bidder at ${shown}.` : `You are the highest bidder at ${shown}, but the reserve price is not met yet.`;
}

/**
 * One bid, serialized on the auction row. Refusals carry a message and the asking
 * price. Rules outside the engine: a signed-in (the caller's), unblocked bidder; the
 * auction open and started; a maximum above `verifiedAbove` covered by the bidder's
 * available wallet balance (docs/decisions/023-auction-bid-guarantee.md).
 *
 * A maximum is one statement (`auction_place_max_bid`, decision 036): it locks the
 * row, applies the engine's rules and writes the state, the bid and its events
 * (`bid.placed`, `bid.outbid`, `auction.extended`), so the row is held for that
 * statement and its commit. A buy-it-now also creates the order, so it runs the
 * engine in a transaction that holds the lock (`buyNowOn`).
 */
export async function placeBidOn(db: Knex, attempt: BidAttempt, settings: AuctionSettings): Promise<BidResult> {
  if (attempt.kind === 'buy_now') return buyNowOn(db, attempt, settings);
  const { listingId, bidderId, max } = attempt;
  let available: number | null = null;
  if (max > settings.verifiedAbove) {
    // a maximum that needs the guarantee: the bidder's wallet in the auction's currency, read before the statement
    const auction = await ensureAuction(db, listingId);
    if (!auction) return refused('not_found', NOT_AN_AUCTION);
    available = (await balances(db, bidderId, auction.currency)).available;
  }
  let r: Awaited<ReturnType<typeof maxBidInLane>>;
  try {
    r = await maxBidInLane(db, listingId, bidderId, max, available);
  } catch (err) {
    if (err instanceof LaneFull) return refused('busy', 'This auction is taking a great many bids at this moment. Your bid was not placed: try again in a few seconds.');
    throw err;
  }
  // published before its auction row was made (the approval job's safety net)
  if (!r.ok && r.reason === 'no_auction' && available === null && (await ensureAuction(db, listingId))) {
    r = await maxBidInLane(db, listingId, bidderId, max, null);
  }
  if (r.ok) {
    const auction = auctionOfJson(r.auction);
    return { ok: true, auction, leading: r.leading, orderId: null, message: acceptedMessage('max', r.leading, r.price, r.currency, r.reserveMet) };
  }
  switch (r.reason) {
    case 'no_user':
      return refused('not_found', SIGN_IN);
    case 'no_auction':
      return refused('not_found', NOT_AN_AUCTION);
    case 'blocked':
      return refused('blocked', 'Your account is blocked; you cannot bid.');
    case 'not_open':
      return refused('not_open', notOpenMessage(r.status));
    case 'not_started':
      return refused('not_started', `This auction opens for bids on ${formatDateTime(new Date(r.startsAt!))}.`);
    case 'seller':
      return refused('seller', 'You cannot bid on your own auction.');
    case 'funds':
      return refused('funds', fundsMessage(settings, available ?? 0, r.currency!), r.asking ?? null);
    default:
      return refused(r.reason, refusalMessage(r.reason), r.asking ?? null);
  }
}

/** Bids on one auction waiting in this process beyond which a new one is refused as busy (not held for an unbounded time). */
const MAX_WAITING_BIDS = 500;

/**
 * Maximum bids on one auction from this process: two statements in flight, the rest
 * in line in the order they came (docs/decisions/038-bid-lanes.md). The row lock
 * still serializes bids across processes; the lane keeps a hot auction's bids from
 * queueing as many sessions on that lock and from overtaking one another on the way.
 * A bid's time is taken when its statement starts, not when it joined the line.
 */
const bidLanes = lanes<number>(2, MAX_WAITING_BIDS);
const maxBidInLane = (db: Knex, listingId: number, bidderId: number, max: number, available: number | null) =>
  bidLanes.run(listingId, () => placeMaxBidRow(db, listingId, bidderId, max, clock.now(), available));

/**
 * Buy it now, serialized on the auction row: the row is locked (`FOR UPDATE`), the
 * engine state rebuilt from it, the purchase applied, and the new state, the bid,
 * its events and the order written in the same transaction.
 */
async function buyNowOn(db: Knex, attempt: BidAttempt & { kind: 'buy_now' }, settings: AuctionSettings): Promise<BidResult> {
  // everything that needs no lock is read first
  const ctx = await bidContext(db, attempt.listingId, attempt.bidderId);
  if (!ctx.bidder) return refused('not_found', SIGN_IN);
  if (isBlocked(ctx.bidder)) return refused('blocked', 'Your account is blocked; you cannot bid.');
  const known = ctx.auction ?? (await ensureAuction(db, attempt.listingId));
  if (!known) return refused('not_found', NOT_AN_AUCTION);
  const table = ctx.auction ? ctx.increments : await incrementTable(db, known.currency);
  const commits = known.buy_now_price ?? 0;
  const wallet = commits > settings.verifiedAbove ? await balances(db, attempt.bidderId, known.currency) : null;

  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, attempt.listingId);
    if (!row) return refused('not_found', NOT_AN_AUCTION);
    const at = clock.now();
    if (row.status !== 'open') return refused('not_open', notOpenMessage(row.status));
    if (row.listing_status !== 'active' || row.listing_hidden) return refused('not_open', notOpenMessage('listing'));
    if (new Date(row.starts_at).getTime() > at.getTime()) return refused('not_started', `This auction opens for bids on ${formatDateTime(new Date(row.starts_at))}.`);
    if (row.seller_id === attempt.bidderId) return refused('seller', 'You cannot bid on your own auction.');

    const state = stateOf(row);
    if (wallet && wallet.available < commits) {
      return refused('funds', fundsMessage(settings, wallet.available, row.currency), askingPrice(state, table));
    }

    const seq = row.last_seq + 1;
    const request: BidRequest = { kind: 'buy_now', bidderId: attempt.bidderId, at: at.getTime(), seq };
    const out = placeBid(state, request, table);
    if (!out.ok) {
      await trx('bids').insert({ auction_id: row.id, bidder_id: attempt.bidderId, kind: attempt.kind, max_amount: commits, amount: out.asking, status: 'refused', reason: out.reason, created_at: at });
      return refused(out.reason, out.message, out.asking);
    }

    const next = out.state;
    const base = { auctionId: row.id, listingId: row.listing_id };
    const previousLeaderId = state.leader?.bidderId ?? null;
    const endsAt = new Date(next.endsAt).toISOString();
    const events: { topic: string; payload: Record<string, unknown> }[] = [
      { topic: 'bid.placed', payload: { ...base, sellerId: row.seller_id, bidderId: attempt.bidderId, price: next.price, leaderId: next.leader?.bidderId ?? null, previousLeaderId, bidCount: next.bidCount, endsAt, reserveMet: next.reserveMet } },
    ];
    for (const e of out.effects) {
      if (e.type === 'outbid') events.push({ topic: 'bid.outbid', payload: { ...base, userId: e.bidderId, price: next.price, title: row.title } });
      if (e.type === 'extended') events.push({ topic: 'auction.extended', payload: { ...base, endsAt: new Date(e.endsAt).toISOString() } });
    }
    const updated = await writeAcceptedBid(
      trx,
      row.id,
      { ...columnsOf(next), last_seq: seq, updated_at: at },
      { auction_id: row.id, bidder_id: attempt.bidderId, kind: attempt.kind, max_amount: commits, amount: next.price ?? 0, status: 'accepted', seq, created_at: at },
      events,
    );

    let auction = updated;
    let orderId: number | null = null;
    if (next.ended) {
      const closed = close(next, at.getTime());
      if (closed.closed) {
        const settled = await settle(trx, auction, closed, at, settings);
        auction = settled.auction;
        orderId = settled.auction.order_id;
      }
    }

    const leading = next.leader?.bidderId === attempt.bidderId;
    return { ok: true, auction, leading, message: acceptedMessage('buy_now', leading, next.price ?? 0, row.currency, next.reserveMet), orderId };
  });
}
