import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { applyTransition } from './lifecycle.js';
import type { ListingRow } from './queries.js';

const DAY = 86_400_000;

// userId too: the shared convention for 'whose stream' (moderation's reactions read it)
const payload = (l: ListingRow) => ({ listingId: l.id, sellerId: l.seller_id, userId: l.seller_id, title: l.title });

/*
 * The moderation outcomes of the state machine. Moderation decides (claims,
 * audit, reports); these make the change. A review claim belongs to the
 * pending state it was taken in, so every move out of or back into review ends it.
 */
const noClaim = { claimed_by: null, claimed_until: null };

/** A moderator publishes a pending listing for `days`; any earlier hiding or rejection is cleared. */
export async function approveListing(trx: Knex.Transaction, listingId: number, days: number, at: Date): Promise<ListingRow | undefined> {
  const expiresAt = new Date(at.getTime() + days * DAY);
  const row = await applyTransition(trx, listingId, 'approve', { published_at: at, expires_at: expiresAt, hidden_at: null, rejection_reason: null, ...noClaim }, at);
  if (row) await emit(trx, 'listing.approved', { ...payload(row), expiresAt: row.expires_at });
  return row;
}

/** A moderator rejects a pending listing; the seller sees `reason` and may fix and resubmit it. */
export async function rejectListing(trx: Knex.Transaction, listingId: number, reason: string, at: Date): Promise<ListingRow | undefined> {
  const row = await applyTransition(trx, listingId, 'reject', { rejection_reason: reason, ...noClaim }, at);
  if (row) await emit(trx, 'listing.rejected', { ...payload(row), reason });
  return row;
}

/** Enough buyers reported a live listing: hidden from buyers and back at the end of the review queue. */
export async function hideReportedListing(trx: Knex.Transaction, listingId: number, reporters: number, at: Date): Promise<ListingRow | undefined> {
  const row = await applyTransition(trx, listingId, 'hide', { hidden_at: at, submitted_at: at, ...noClaim }, at);
  if (row) await emit(trx, 'listing.hidden', { ...payload(row), reporters });
  return row;
}
