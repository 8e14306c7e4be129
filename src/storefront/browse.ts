import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { CurrentUser } from '../accounts/queries.js';
import type { SchemaAttribute } from '../catalog/queries.js';
import { clock } from '../lib/clock.js';
import { addView } from '../listings/counters.js';
import { whyHiddenFromBuyers, type HiddenFromBuyers } from '../listings/visibility.js';
import { newestListings, promotedListings, type ListingPageRow, type TileRow } from './queries.js';

/** Why a listing is not public, or null when anyone may see it: the listing's one visibility rule. */
export type NotPublic = HiddenFromBuyers;

export function notPublicReason(l: Pick<ListingPageRow, 'status' | 'hidden_at' | 'deleted_at' | 'expires_at'>, now: Date = clock.now()): NotPublic | null {
  return whyHiddenFromBuyers(l, now);
}

/**
 * Buyers who reach a listing that is not public because its listing period is
 * over (expired by status or by the clock) see that it has ended, with what it
 * was and similar listings; any other reason stays a 404.
 */
export function endedForBuyers(reason: NotPublic): boolean {
  return reason === 'expired';
}

/** Who may see a listing that is not public: its seller and admins (moderation). */
export function canSeeUnpublished(viewer: CurrentUser | null, l: Pick<ListingPageRow, 'seller_id'>): boolean {
  return Boolean(viewer && (viewer.is_admin || viewer.id === Number(l.seller_id)));
}

/** One row of the attributes table: the category schema's label and unit around the listing's value. */
export interface AttributeLine {
  key: string;
  label: string;
  value: string;
}

export function attributeLines(schema: SchemaAttribute[], values: Record<string, unknown>): AttributeLine[] {
  const lines: AttributeLine[] = [];
  for (const a of schema) {
    const v = values[a.key];
    if (v === undefined || v === null || v === '') continue;
    let text: string;
    if (a.type === 'boolean') text = v === true || v === 'true' ? 'Yes' : 'No';
    else text = a.unit ? `${String(v)} ${a.unit}` : String(v);
    lines.push({ key: a.key, label: a.label, value: text });
  }
  return lines;
}

/**
 * Counts a view at most once per session and listing (a Redis key that lives as
 * long as a session can), and never the seller's own visits.
 */
export async function countView(
  db: Knex,
  redis: Redis,
  opts: { prefix: string; sessionId: string | undefined; listingId: number; sellerId: number; viewerId: number | null; ttlSeconds: number },
): Promise<boolean> {
  if (!opts.sessionId || opts.viewerId === Number(opts.sellerId)) return false;
  let first: string | null;
  try {
    first = await redis.set(`${opts.prefix}viewed:${opts.listingId}:${opts.sessionId}`, '1', 'EX', opts.ttlSeconds, 'NX');
  } catch {
    // a view counter is not worth failing the page for
    return false;
  }
  if (first !== 'OK') return false;
  await addView(db, opts.listingId);
  return true;
}

/**
 * The home page's "fresh listings": up to `promoted` running promotions first
 * (so a boost is seen without crowding out what is new), then the newest.
 */
export async function freshListings(db: Knex, now: Date, limit = 12, promoted = 4): Promise<TileRow[]> {
  const [boosted, newest] = await Promise.all([promotedListings(db, now, promoted), newestListings(db, now, limit + promoted)]);
  const seen = new Set(boosted.map((t) => t.id));
  return [...boosted, ...newest.filter((t) => !seen.has(t.id))].slice(0, limit);
}

/**
 * Whether a listing's page listens to the listing's public stream (its price box
 * pushed when the price or stock changes): a listing on sale other than an auction
 * (which has its own stream), seen by a signed-in viewer, whose page is live
 * anyway. A visitor's page stays without a live connection (and without htmx)
 * and shows the listing as it was when loaded.
 */
export function listensToListing(l: Pick<ListingPageRow, 'kind'>, notPublic: NotPublic | null, viewer: CurrentUser | null): boolean {
  return Boolean(viewer) && !notPublic && l.kind !== 'auction';
}
