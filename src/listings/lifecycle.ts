import { openAuctionHasBids } from '../auctions/queries.js';
import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { assessRisk } from '../moderation/risk.js';
import { emit } from '../outbox/outbox.js';
import { missingForSubmit } from './completeness.js';
import { kindTraits } from './kinds.js';
import { lockListing, STATUSES, stockOf, transitionRow, type ListingRow, type ListingStatus } from './queries.js';

/**
 * The listing's one state machine: every change of a listing's status or
 * lifecycle, whoever asks for it (the seller, a moderator, reports, the expiry
 * sweep, stock), is a row here. Every change is a conditional UPDATE
 * (`where status in from`, see `applyTransition`), so two concurrent requests
 * can never both make the same transition. `to: null` keeps the status.
 */
export const transitions = {
  submit: { from: ['draft', 'rejected'], to: 'pending' },
  /** a moderator publishes it for LISTING_DAYS (publication.ts) */
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
  /** enough buyers reported it: hidden and back in the review queue (publication.ts) */
  hide: { from: ['active', 'sold_out'], to: 'pending' },
  /** its listing period ran out (expiry.ts) */
  expire: { from: ['active'], to: 'expired' },
  /** another LISTING_DAYS: an expired listing, or an active one inside the reminder window (expiry.ts) */
  renew: { from: ['active', 'expired'], to: 'active' },
  /** an admin gives a live listing more time (expiry.ts) */
  extend: { from: ['active'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  sellOut: { from: ['active'], to: 'sold_out' },
  restock: { from: ['sold_out'], to: 'active' },
  /** a material edit of a live listing sends it back to moderation */
  review: { from: ['active', 'paused', 'sold_out'], to: 'pending' },
  /** soft delete, from any state; refused while buyers hold units in checkout */
  delete: { from: STATUSES, to: null },
} as const satisfies Record<string, { from: readonly ListingStatus[]; to: ListingStatus | null }>;

export type Action = keyof typeof transitions;

export function canTransition(action: Action, status: ListingStatus): boolean {
  return (transitions[action].from as readonly ListingStatus[]).includes(status);
}

/**
 * Makes one transition of the table on a row that is not deleted and still in
 * the action's `from`, together with the columns that action stamps. Undefined
 * when the row was elsewhere (refused: nothing was written).
 */
export function applyTransition(trx: Knex.Transaction, listingId: number, action: Action, patch: Partial<Omit<ListingRow, 'status'>>, at: Date): Promise<ListingRow | undefined> {
  const t = transitions[action];
  return transitionRow(trx, listingId, [...t.from], t.to === null ? patch : { ...patch, status: t.to }, at);
}

export const statusLabels: Record<ListingStatus, string> = {
  draft: 'Draft',
  pending: 'Waiting for review',
  active: 'Active',
  paused: 'Paused',
  sold_out: 'Sold out',
  rejected: 'Rejected',
  expired: 'Expired',
};

/** Why an action is not possible in a state, in the seller's words. */
export function refusal(action: Action, status: ListingStatus): string {
  const now = statusLabels[status].toLowerCase();
  switch (action) {
    case 'submit':
      return status === 'pending' ? 'This listing is already waiting for review.' : `Only drafts and rejected listings can be submitted; this one is ${now}.`;
    case 'pause':
      return status === 'paused' ? 'This listing is already paused.' : `Only active listings can be paused; this one is ${now}.`;
    case 'resume':
      return status === 'active' ? 'This listing is already active.' : `Only paused listings can be resumed; this one is ${now}.`;
    default:
      return `That is not possible while the listing is ${now}.`;
  }
}

export type LifecycleResult = { ok: true; listing: ListingRow } | { ok: false; message: string; fields?: Record<string, string> };

// userId too: the shared convention for 'whose stream' (moderation's reactions read it)
const payload = (l: ListingRow) => ({ listingId: l.id, sellerId: l.seller_id, userId: l.seller_id });

/** Stamps a (re)submission: risk assessed now, the moderation queue told. */
async function toReview(trx: Knex.Transaction, l: ListingRow, action: 'submit' | 'review'): Promise<ListingRow | undefined> {
  const risk = await assessRisk(trx, { id: l.id, seller_id: l.seller_id, category_id: l.category_id, title: l.title, description: l.description, price: l.price, attributes: l.attributes });
  const at = clock.now();
  const row = await applyTransition(trx, l.id, action, { risk_score: risk.score, risk_reasons: risk.reasons, submitted_at: at, rejection_reason: null }, at);
  if (row) await emit(trx, 'listing.submitted', payload(row));
  return row;
}

/** The seller sends a draft (or a rejected listing, after fixing it) to review. */
export async function submitListing(db: Knex, listingId: number): Promise<LifecycleResult> {
  return db.transaction(async (trx) => {
    // the lock makes a concurrent submit wait and then see 'pending'
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, message: 'That listing no longer exists.' };
    if (!canTransition('submit', l.status)) return { ok: false, message: refusal('submit', l.status) };
    const missing = await missingForSubmit(trx, l);
    if (Object.keys(missing).length) return { ok: false, message: 'Complete the listing before submitting it: ' + Object.values(missing).join(' '), fields: missing };
    const row = await toReview(trx, l, 'submit');
    return row ? { ok: true, listing: row } : { ok: false, message: 'This listing changed meanwhile; reload and try again.' };
  });
}

/** After a material edit of a live listing (see docs/decisions/006-material-edits.md). */
export async function sendBackToReview(trx: Knex.Transaction, l: ListingRow): Promise<ListingRow | undefined> {
  if (!canTransition('review', l.status)) return undefined;
  return toReview(trx, l, 'review');
}

/** What a seller is told when they try to pause or delete an auction that has bids. */
export const AUCTION_HAS_BIDS = 'Bids have been placed on this auction, so it runs to its end and cannot be paused or deleted. If something is wrong with it, report it and an admin can suspend it.';

async function simple(db: Knex, listingId: number, action: 'pause' | 'resume', topic: string): Promise<LifecycleResult> {
  return db.transaction(async (trx) => {
    const at = clock.now();
    if (action === 'pause' && (await openAuctionHasBids(trx, listingId))) return { ok: false, message: AUCTION_HAS_BIDS };
    let row = await applyTransition(trx, listingId, action, {}, at);
    if (!row) {
      const now = await trx<ListingRow>('listings').where({ id: listingId }).whereNull('deleted_at').first('status');
      return { ok: false, message: now ? refusal(action, now.status) : 'That listing no longer exists.' };
    }
    await emit(trx, topic, payload(row));
    // resuming a listing whose stock ran out while paused shows it as sold out
    if (action === 'resume') row = (await syncStockStatus(trx, row.id)) ?? row;
    return { ok: true, listing: row };
  });
}

export const pauseListing = (db: Knex, id: number) => simple(db, id, 'pause', 'listing.paused');
export const resumeListing = (db: Knex, id: number) => simple(db, id, 'resume', 'listing.resumed');

/** Soft delete, from any state. Refused while buyers hold units in checkout. */
export async function deleteListing(db: Knex, listingId: number): Promise<LifecycleResult> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, message: 'That listing no longer exists.' };
    const held = await trx('listing_variants').where({ listing_id: l.id }).where('reserved', '>', 0).first('id');
    if (l.reserved > 0 || held) return { ok: false, message: 'Buyers are checking out this listing right now; pause it instead, and delete it once their orders complete.' };
    if (l.kind === 'auction' && (await openAuctionHasBids(trx, l.id))) return { ok: false, message: AUCTION_HAS_BIDS };
    const at = clock.now();
    const row = await applyTransition(trx, l.id, 'delete', { deleted_at: at }, at);
    if (!row) return { ok: false, message: 'That listing no longer exists.' };
    await emit(trx, 'listing.deleted', payload(row));
    return { ok: true, listing: row };
  });
}

/**
 * Keeps `sold_out` in step with stock: an active fixed-price listing whose stock
 * (or all its variants' stock) is 0 becomes sold out, and comes back when
 * restocked. Call it in the transaction that changed the stock.
 */
export async function syncStockStatus(trx: Knex.Transaction, listingId: number): Promise<ListingRow | undefined> {
  const l = await lockListing(trx, listingId);
  if (!l || !kindTraits[l.kind].stock) return l;
  const stock = await stockOf(trx, l);
  if (stock === null) return l;
  const at = clock.now();
  if (stock <= 0 && canTransition('sellOut', l.status)) {
    const row = await applyTransition(trx, l.id, 'sellOut', {}, at);
    if (row) await emit(trx, 'listing.sold_out', payload(row));
    return row ?? l;
  }
  if (stock > 0 && canTransition('restock', l.status)) {
    const row = await applyTransition(trx, l.id, 'restock', {}, at);
    if (row) await emit(trx, 'listing.restocked', payload(row));
    return row ?? l;
  }
  return l;
}
