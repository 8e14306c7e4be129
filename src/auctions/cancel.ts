import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { applyTransition } from '../listings/lifecycle.js';
import { emit } from '../outbox/outbox.js';
import { ensureAuction, lockAuctionOfListing, numeric, type AuctionRow } from './queries.js';

export type CancelResult = { ok: true; auction: AuctionRow } | { ok: false; reason: 'not_found' | 'forbidden' | 'has_bids' | 'not_open'; message: string };

/** Policy: only the auction's seller may cancel it (and only while nobody has bid). */
export function canCancelAuction(user: { id: number } | null | undefined, auction: Pick<AuctionRow, 'seller_id'>): boolean {
  return Boolean(user) && user!.id === auction.seller_id;
}

/**
 * The seller withdraws an auction nobody has bid on: the auction is cancelled and
 * the listing's period ends. Serialized with bids on the auction row, so a bid
 * that lands first wins the race and the cancellation is refused.
 */
export async function cancelAuction(db: Knex, input: { listingId: number; sellerId: number }): Promise<CancelResult> {
  if (!(await ensureAuction(db, input.listingId))) return { ok: false, reason: 'not_found', message: 'This listing is not an auction.' };
  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, input.listingId);
    if (!row) return { ok: false, reason: 'not_found', message: 'This listing is not an auction.' };
    if (!canCancelAuction({ id: input.sellerId }, row)) return { ok: false, reason: 'forbidden', message: 'Only the seller can cancel this auction.' };
    if (row.status !== 'open') return { ok: false, reason: 'not_open', message: `This auction is ${row.status}; it can no longer be cancelled.` };
    const accepted = Number((await trx('bids').where({ auction_id: row.id, status: 'accepted' }).count('* as n').first())?.n ?? 0);
    if (row.bid_count > 0 || accepted > 0) return { ok: false, reason: 'has_bids', message: 'Someone has already bid on this auction, so it can no longer be cancelled.' };
    const at = clock.now();
    const [updated] = await trx('auctions').where({ id: row.id }).update({ status: 'cancelled', cancelled_at: at, updated_at: at }).returning('*');
    await applyTransition(trx, row.listing_id, 'expire', { expires_at: at }, at);
    await emit(trx, 'auction.cancelled', { auctionId: row.id, listingId: row.listing_id, sellerId: row.seller_id, userId: row.seller_id, title: row.title });
    return { ok: true, auction: numeric(updated as AuctionRow) };
  });
}
