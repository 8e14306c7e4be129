import type { ListingStatus } from './queries.js';

/*
 * What a buyer may see: the one rule, as a predicate on a row and as SQL.
 *
 * A buyer sees a listing that is
 *   - active or sold out (a sold-out listing is shown as such: its page says so
 *     and it can be kept as a favourite, it just cannot be bought),
 *   - not hidden after reports, not deleted,
 *   - not expired: `expires_at` in the past counts as expired even before the
 *     expiry sweep has moved the status (a listing leaves at its expiry, not at
 *     the next sweep).
 * Drafts, pending, rejected and paused listings are the seller's and moderators' only.
 *
 * Search, category pages, the home page, similar listings, seller counts and
 * saved-search matches list the part of it that can be bought now (`listed`):
 * visible and active. Sold-out listings are left out of lists (decision 009:
 * a results page full of them is noise), and that predicate is the partial
 * indexes' (`listings_public_idx`, `listings_search_*`), repeated literally so
 * the planner can use them.
 *
 * Ended listings (expired by status or by time): buyers get the storefront's
 * "This listing has ended" page (410, with what it was and similar listings,
 * nothing to buy, ask or report); the seller and moderators see the full page
 * with the reason. Every other listing a buyer may not see is a 404. A favourite
 * of an ended listing stays in the buyer's list, marked as no longer available.
 */

/** Why a buyer may not see a listing. */
export type HiddenFromBuyers = 'draft' | 'pending' | 'rejected' | 'expired' | 'paused' | 'hidden' | 'deleted';

/** The statuses a buyer may see a listing in. */
export const BUYER_STATUSES = ['active', 'sold_out'] as const satisfies readonly ListingStatus[];

/** The status a listing must have to be listed (searched, shown in grids, bought). */
export const LISTED_STATUS = 'active' satisfies (typeof BUYER_STATUSES)[number];

/** The columns visibility depends on (any listing row shape has them). */
type Visibility = { status: string; hidden_at: Date | null; deleted_at: Date | null; expires_at: Date | string | null };

/** Why a buyer may not see this listing at `now`, or null when they may. */
export function whyHiddenFromBuyers(l: Visibility, now: Date): HiddenFromBuyers | null {
  if (l.deleted_at) return 'deleted';
  if (l.hidden_at) return 'hidden';
  if (!(BUYER_STATUSES as readonly string[]).includes(l.status)) return l.status as HiddenFromBuyers;
  if (l.expires_at && new Date(l.expires_at).getTime() <= now.getTime()) return 'expired';
  return null;
}

/** May a buyer see this listing at `now`? (Its page, a favourite of it, a report on it.) */
export function buyerMaySee(l: Visibility, now: Date): boolean {
  return whyHiddenFromBuyers(l, now) === null;
}

const inList = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ');
const notGone = (a: string) => `${a}.hidden_at is null and ${a}.deleted_at is null`;
const notEnded = (a: string) => `(${a}.expires_at is null or ${a}.expires_at > ?)`;

/** `buyerMaySee` as SQL text on the table alias `a`, with one `?` for now. */
export const buyerMaySeeWhere = (a = 'l') => `${a}.status in (${inList(BUYER_STATUSES)}) and ${notGone(a)} and ${notEnded(a)}`;

/**
 * Listed (visible and active: search and grids show it) as SQL text on the
 * table alias `a`, with one `?` for now. Its first part is the partial
 * indexes' predicate word for word, so they stay usable.
 */
export const listedWhere = (a = 'l') => `${a}.status = '${LISTED_STATUS}' and ${notGone(a)} and ${notEnded(a)}`;

/** A raw SQL condition with its values in order (the shape of search's `Sql` fragments). */
export interface Condition {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** `listedWhere` as a fragment for search's statement builder. */
export const listedSql = (now: Date, a = 'l'): Condition => ({ text: listedWhere(a), values: [now] });
