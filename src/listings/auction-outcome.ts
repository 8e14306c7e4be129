import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { applyTransition } from './lifecycle.js';
import type { ListingRow } from './queries.js';

// userId too: the shared convention for 'whose stream'
const payload = (l: ListingRow) => ({ listingId: l.id, sellerId: l.seller_id, userId: l.seller_id });

/**
 * An auction listing once its auction closed: sold (by the end or buy it now) it
 * goes sold out; unsold (no bids, reserve not met) its listing period ends (the
 * seller is told by the auction's own notification, not the expiry one).
 * Undefined when the listing was no longer active (paused, hidden, deleted).
 */
export async function endAuctionListing(trx: Knex.Transaction, listingId: number, sold: boolean, at: Date): Promise<ListingRow | undefined> {
  if (sold) {
    const row = await applyTransition(trx, listingId, 'sellOut', {}, at);
    if (row) await emit(trx, 'listing.sold_out', payload(row));
    return row;
  }
  return applyTransition(trx, listingId, 'expire', { expires_at: at }, at);
}
