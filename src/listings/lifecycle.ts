import type { Knex } from 'knex';
import { validateAttributes } from '../catalog/attributes.js';
import { effectiveSchema } from '../catalog/categories.js';
import { clock } from '../lib/clock.js';
import { assessRisk } from '../moderation/risk.js';
import { emit } from '../outbox/outbox.js';
import { lockListing, stockOf, transitionRow, type ListingRow, type ListingStatus } from './queries.js';

/**
 * The seller-side state machine. Moderation owns pending → active/rejected,
 * active → expired and hiding; this table owns the rest. Every change is a
 * conditional UPDATE (`where status in from`), so two concurrent requests can
 * never both make the same transition.
 */
export const transitions = {
  submit: { from: ['draft', 'rejected'], to: 'pending' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  sellOut: { from: ['active'], to: 'sold_out' },
  restock: { from: ['sold_out'], to: 'active' },
  /** a material edit of a live listing sends it back to moderation */
  review: { from: ['active', 'paused', 'sold_out'], to: 'pending' },
} as const satisfies Record<string, { from: readonly ListingStatus[]; to: ListingStatus }>;

export type Action = keyof typeof transitions;

export function canTransition(action: Action, status: ListingStatus): boolean {
  return (transitions[action].from as readonly ListingStatus[]).includes(status);
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
export function refusal(action: Action | 'delete', status: ListingStatus): string {
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

/** What a listing still lacks before it can go to review, keyed by form field. */
export async function missingForSubmit(db: Knex | Knex.Transaction, l: ListingRow): Promise<Record<string, string>> {
  const missing: Record<string, string> = {};
  if (l.description.trim().length < 20) missing.description = 'Describe the item in at least 20 characters.';
  const category = await db('categories').where({ id: l.category_id }).first('retired_at');
  if (!category || category.retired_at) missing.category_id = 'This category no longer takes listings; choose another.';
  const variants = await db('listing_variants').where({ listing_id: l.id }).first(db.raw('count(*)::int as n'), db.raw('coalesce(sum(stock), 0)::int as stock'));
  const hasVariants = (variants?.n ?? 0) > 0;
  if (['fixed', 'digital', 'service', 'classified'].includes(l.kind) && l.price === null) missing.price = 'Enter a price.';
  if (l.kind === 'fixed' && !hasVariants && l.stock === null) missing.stock = 'Enter how many you have.';
  if (l.kind === 'fixed' && (hasVariants ? variants!.stock : (l.stock ?? 0)) <= 0) missing.stock = 'Add stock before submitting: buyers cannot buy what is not there.';
  if (l.kind === 'service' && !l.price_unit) missing.price_unit = 'Choose what the price is per.';
  if (['fixed', 'auction', 'classified'].includes(l.kind) && !l.condition) missing.condition = 'Choose the condition.';
  if (l.kind === 'auction') {
    if (l.start_price === null) missing.start_price = 'Enter a starting price.';
    if (!l.starts_at || !l.ends_at) missing.ends_at = 'Enter when bidding opens and closes.';
    else if (new Date(l.ends_at).getTime() <= clock.nowMs()) missing.ends_at = 'Bidding would already be over; choose a later closing time.';
  }
  if (l.kind === 'digital' && !l.digital_file_key) missing.digital_file = 'Upload the file buyers will download.';
  // the schema may have gained required attributes since the listing was saved
  const schema = (await effectiveSchema(db, l.category_id)).filter((a) => !l.variant_axes.includes(a.key));
  const input = Object.fromEntries(Object.entries(l.attributes).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v)]));
  const checked = validateAttributes(schema, input);
  if (!checked.ok) for (const [k, m] of Object.entries(checked.errors)) missing[`attr_${k}`] = m;
  return missing;
}

/** Stamps a (re)submission: risk assessed now, the moderation queue told. */
async function toReview(trx: Knex.Transaction, l: ListingRow, from: readonly ListingStatus[]): Promise<ListingRow | undefined> {
  const risk = await assessRisk(trx, { id: l.id, seller_id: l.seller_id, category_id: l.category_id, title: l.title, description: l.description, price: l.price, attributes: l.attributes });
  const at = clock.now();
  const row = await transitionRow(trx, l.id, [...from], { status: 'pending', risk_score: risk.score, risk_reasons: risk.reasons, submitted_at: at, rejection_reason: null }, at);
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
    const row = await toReview(trx, l, transitions.submit.from);
    return row ? { ok: true, listing: row } : { ok: false, message: 'This listing changed meanwhile; reload and try again.' };
  });
}

/** After a material edit of a live listing (see docs/decisions/006-material-edits.md). */
export async function sendBackToReview(trx: Knex.Transaction, l: ListingRow): Promise<ListingRow | undefined> {
  if (!canTransition('review', l.status)) return undefined;
  return toReview(trx, l, transitions.review.from);
}

async function simple(db: Knex, listingId: number, action: 'pause' | 'resume', topic: string): Promise<LifecycleResult> {
  return db.transaction(async (trx) => {
    const at = clock.now();
    const t = transitions[action];
    let row = await transitionRow(trx, listingId, [...t.from], { status: t.to }, at);
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
    const at = clock.now();
    const [row] = await trx<ListingRow>('listings').where({ id: l.id }).whereNull('deleted_at').update({ deleted_at: at, updated_at: at }).returning('*');
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
  if (!l || l.kind !== 'fixed') return l;
  const stock = await stockOf(trx, l);
  if (stock === null) return l;
  const at = clock.now();
  if (stock <= 0 && canTransition('sellOut', l.status)) {
    const row = await transitionRow(trx, l.id, [...transitions.sellOut.from], { status: 'sold_out' }, at);
    if (row) await emit(trx, 'listing.sold_out', payload(row));
    return row ?? l;
  }
  if (stock > 0 && canTransition('restock', l.status)) {
    const row = await transitionRow(trx, l.id, [...transitions.restock.from], { status: 'active' }, at);
    if (row) await emit(trx, 'listing.restocked', payload(row));
    return row ?? l;
  }
  return l;
}
