import type { Knex } from 'knex';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { placeBid, type AuctionState } from './engine.js';
import { biddersOf, columnsOf, ensureAuction, incrementTable, lockAuctionOfListing, numeric, stateOf, type AuctionRow, type BidRow } from './queries.js';

export type AdminResult = { ok: true; auction: AuctionRow; message: string } | { ok: false; reason: 'not_found' | 'not_open' | 'reason_required'; message: string };

const summary = (a: Pick<AuctionRow, 'status' | 'price' | 'leader_id' | 'bid_count' | 'ends_at'>) => ({ status: a.status, price: a.price, leaderId: a.leader_id, bidCount: a.bid_count, endsAt: a.ends_at });

/**
 * An admin suspends an open auction: it stops taking bids and never closes, every
 * accepted bid is voided, and the bidders and the seller are told why. Audited.
 */
export async function suspendAuction(db: Knex, input: { listingId: number; adminId: number; reason: string }): Promise<AdminResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, reason: 'reason_required', message: 'Give the reason for the suspension.' };
  if (!(await ensureAuction(db, input.listingId))) return { ok: false, reason: 'not_found', message: 'There is no such auction.' };
  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, input.listingId);
    if (!row) return { ok: false, reason: 'not_found', message: 'There is no such auction.' };
    if (row.status !== 'open') return { ok: false, reason: 'not_open', message: `This auction is ${row.status}; only an open auction can be suspended.` };
    const at = clock.now();
    const bidderIds = await biddersOf(trx, row.id);
    await trx('bids').where({ auction_id: row.id, status: 'accepted' }).update({ status: 'voided', voided_at: at, voided_by: input.adminId, void_reason: reason });
    const [updated] = await trx('auctions')
      .where({ id: row.id })
      .update({ status: 'suspended', suspended_at: at, suspended_by: input.adminId, suspend_reason: reason, updated_at: at })
      .returning('*');
    const after = numeric(updated as AuctionRow);
    await audit(trx, { actorId: input.adminId, action: 'auction.suspend', subjectType: 'auction', subjectId: row.id, reason, before: summary(row), after: { ...summary(after), voidedBidders: bidderIds } });
    await emit(trx, 'auction.suspended', { auctionId: row.id, listingId: row.listing_id, sellerId: row.seller_id, title: row.title, reason, bidderIds });
    return { ok: true, auction: after, message: `The auction is suspended; ${bidderIds.length} bidder${bidderIds.length === 1 ? ' was' : 's were'} told.` };
  });
}

/**
 * The engine state rebuilt from scratch by replaying accepted bids in their order
 * (their own times and sequence numbers). A bid the rules now refuse (a raise that
 * no longer raises anything, say) is returned in `refused`. The end time stays the
 * auction's current one: removing a bid never shortens or lengthens what bidders were shown.
 */
export function replay(row: AuctionRow, bids: readonly BidRow[], table: Parameters<typeof placeBid>[2]): { state: AuctionState; refused: BidRow[] } {
  const base = stateOf(row);
  let state: AuctionState = { ...base, price: null, leader: null, runnerUp: null, bidCount: 0, reserveMet: base.reservePrice === null, ended: null };
  const refused: BidRow[] = [];
  for (const b of bids) {
    const at = new Date(b.created_at).getTime();
    const out = placeBid(state, b.kind === 'buy_now' ? { kind: 'buy_now', bidderId: b.bidder_id, at, seq: b.seq! } : { kind: 'max', bidderId: b.bidder_id, max: b.max_amount, at, seq: b.seq! }, table);
    if (out.ok) state = out.state;
    else refused.push(b);
  }
  return { state: { ...state, endsAt: base.endsAt }, refused };
}

/**
 * An admin removes one accepted bid of an open auction: it is voided and the price,
 * leader and runner-up are recomputed by replaying the remaining accepted bids in
 * order. Bids the replay refuses are voided too. The bidder whose bid was removed
 * and anyone whose lead changed are told. Audited.
 */
export async function removeBid(db: Knex, input: { listingId: number; bidId: number; adminId: number; reason: string }): Promise<AdminResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, reason: 'reason_required', message: 'Give the reason for removing the bid.' };
  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, input.listingId);
    if (!row) return { ok: false, reason: 'not_found', message: 'There is no such auction.' };
    const bid = numeric(await trx<BidRow>('bids').where({ id: input.bidId, auction_id: row.id }).first());
    if (!bid || bid.status !== 'accepted') return { ok: false, reason: 'not_found', message: 'There is no such bid on this auction.' };
    if (row.status !== 'open') return { ok: false, reason: 'not_open', message: `This auction is ${row.status}; bids can only be removed while it is open.` };
    const at = clock.now();
    await trx('bids').where({ id: bid.id }).update({ status: 'voided', voided_at: at, voided_by: input.adminId, void_reason: reason });
    const remaining = (await trx<BidRow>('bids').where({ auction_id: row.id, status: 'accepted' }).orderBy('seq')).map(numeric);
    const { state, refused } = replay(row, remaining, await incrementTable(trx, row.currency));
    if (refused.length) {
      await trx('bids').whereIn('id', refused.map((b) => b.id)).update({ status: 'voided', voided_at: at, voided_by: input.adminId, void_reason: `No longer valid once bid #${bid.id} was removed.` });
    }
    const [updated] = await trx('auctions').where({ id: row.id }).update({ ...columnsOf(state), updated_at: at }).returning('*');
    const after = numeric(updated as AuctionRow);
    await audit(trx, { actorId: input.adminId, action: 'auction.remove_bid', subjectType: 'auction', subjectId: row.id, reason, before: { ...summary(row), bidId: bid.id, bidderId: bid.bidder_id, max: bid.max_amount }, after: { ...summary(after), alsoVoided: refused.map((b) => b.id) } });
    const affected = [...new Set([bid.bidder_id, ...refused.map((b) => b.bidder_id)])];
    const newLeaderId = state.leader?.bidderId ?? null;
    await emit(trx, 'auction.bid_removed', {
      auctionId: row.id,
      listingId: row.listing_id,
      title: row.title,
      currency: row.currency,
      removedBidderIds: affected,
      previousLeaderId: row.leader_id,
      leaderId: newLeaderId,
      price: state.price,
      bidCount: state.bidCount,
      endsAt: new Date(state.endsAt).toISOString(),
      reserveMet: state.reserveMet,
    });
    return { ok: true, auction: after, message: `Bid #${bid.id} was removed; the auction was recomputed from ${remaining.length - refused.length} remaining bid${remaining.length - refused.length === 1 ? '' : 's'}.` };
  });
}
