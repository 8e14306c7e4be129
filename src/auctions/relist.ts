import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { applyTransition } from '../listings/lifecycle.js';
import { emit } from '../outbox/outbox.js';
import { canCancelAuction } from './cancel.js';
import { lockAuctionOfListing, numeric, type AuctionRow } from './queries.js';

const DAY = 86_400_000;
export const RELIST_DAYS = { min: 1, max: 10, default: 7 } as const;

export type RelistResult = { ok: true; auction: AuctionRow } | { ok: false; reason: 'not_found' | 'forbidden' | 'not_eligible'; message: string };

/**
 * The seller relists an auction that ended unsold (no bids, or the reserve not met)
 * for `days` more days: a new round of bidding on the same auction row, starting now,
 * with the same terms. The earlier round's bids are voided (their history stays), and
 * the listing becomes active again with the new times. Refused once anyone was sold
 * the item or an offer is waiting for an answer.
 */
export async function relistAuction(db: Knex, input: { listingId: number; sellerId: number; days: number }): Promise<RelistResult> {
  const days = Math.trunc(input.days);
  if (!(days >= RELIST_DAYS.min && days <= RELIST_DAYS.max)) return { ok: false, reason: 'not_eligible', message: `Choose between ${RELIST_DAYS.min} and ${RELIST_DAYS.max} days.` };
  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, input.listingId);
    if (!row) return { ok: false, reason: 'not_found', message: 'There is no such auction.' };
    if (!canCancelAuction({ id: input.sellerId }, row)) return { ok: false, reason: 'forbidden', message: 'Only the seller can relist this auction.' };
    if (row.status !== 'ended' || (row.outcome !== 'no_bids' && row.outcome !== 'reserve_not_met')) return { ok: false, reason: 'not_eligible', message: 'Only an auction that ended unsold can be relisted.' };
    if (await trx('orders').where({ checkout_key: `auction:${row.id}` }).first('id')) return { ok: false, reason: 'not_eligible', message: 'This item was already sold to a bidder after the auction.' };
    if (await trx('auction_offers').where({ auction_id: row.id, status: 'pending' }).first('id')) return { ok: false, reason: 'not_eligible', message: 'An offer on this auction is waiting for an answer.' };
    const at = clock.now();
    const endsAt = new Date(at.getTime() + days * DAY);
    const listing = await applyTransition(trx, row.listing_id, 'renew', { starts_at: at, ends_at: endsAt, expires_at: endsAt }, at);
    if (!listing) return { ok: false, reason: 'not_eligible', message: 'This listing cannot be put back on sale now.' };
    await trx('bids').where({ auction_id: row.id, status: 'accepted' }).update({ status: 'voided', voided_at: at, voided_by: input.sellerId, void_reason: 'The auction was relisted: a new round of bidding.' });
    const [updated] = await trx('auctions')
      .where({ id: row.id })
      .update({
        status: 'open',
        round: trx.raw('round + 1'),
        starts_at: at,
        ends_at: endsAt,
        price: null,
        leader_id: null,
        leader_max: null,
        leader_at: null,
        leader_seq: null,
        runner_up_id: null,
        runner_up_max: null,
        runner_up_at: null,
        runner_up_seq: null,
        bid_count: 0,
        closed_at: null,
        outcome: null,
        winner_id: null,
        order_id: null,
        payment_due_at: null,
        watchers_notified_at: null,
        updated_at: at,
      })
      .returning('*');
    // a new round: its watchers are told again before it ends
    await trx('auction_watch_notices').where({ auction_id: row.id }).del();
    await emit(trx, 'listing.renewed', { listingId: row.listing_id, sellerId: row.seller_id, userId: row.seller_id, title: row.title, expiresAt: endsAt, wasExpired: row.listing_status === 'expired' });
    await emit(trx, 'auction.relisted', { auctionId: row.id, listingId: row.listing_id, sellerId: row.seller_id, userId: row.seller_id, title: row.title, endsAt: endsAt.toISOString() });
    return { ok: true, auction: numeric(updated as AuctionRow) };
  });
}
