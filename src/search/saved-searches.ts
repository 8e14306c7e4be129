import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { insertOnce } from '../notifications/queries.js';
import { emit } from '../outbox/outbox.js';
import { paths } from '../paths.js';
import { isEmptySearch, toQueryString, type RawQuery } from './params.js';
import {
  countSavedSearches,
  findMatchListing,
  findSavedSearchByQuery,
  insertSavedSearch,
  markNotified,
  savedSearchesToCheck,
  searchListings,
  type SavedSearchRow,
} from './queries.js';
import { loadCatalog, prepareSearch, type Catalog } from './search.js';

export const MAX_SAVED_SEARCHES = 50;

export const saveSearchSchema = z.object({
  name: z.string().trim().min(1, 'Give the search a name.').max(80, 'Use at most 80 characters.'),
  query: z.string().max(2000, 'This search is too long to save.').default(''),
});

/** A stored query string as the search page reads it (repeated names become lists). */
export function rawFromQuery(query: string): RawQuery {
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    const prev = raw[k];
    raw[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return raw;
}

/** The URL that runs a saved search again. */
export const savedSearchUrl = (s: Pick<SavedSearchRow, 'query'>) => (s.query ? `${paths.search()}?${s.query}` : paths.search());

export type SaveResult = { ok: true; saved: SavedSearchRow } | { ok: false; field: 'name' | 'query'; message: string };

/**
 * Saves a search for a user. The query is normalized the way the search page
 * writes it (unknown or wrong parameters dropped, sort left out), so the same
 * search is saved once.
 */
export async function saveSearch(db: Knex, userId: number, input: { name: string; query: string }): Promise<SaveResult> {
  const { params, messages } = await prepareSearch(db, rawFromQuery(input.query));
  if (Object.keys(messages).length) return { ok: false, field: 'query', message: 'Fix the search before saving it.' };
  if (isEmptySearch(params)) return { ok: false, field: 'query', message: 'Add search words or a filter before saving, or you would hear about every new listing.' };
  const query = toQueryString({ ...params, sort: null });
  const existing = await findSavedSearchByQuery(db, userId, query);
  if (existing) return { ok: false, field: 'name', message: `You already saved this search as “${existing.name}”.` };
  if ((await countSavedSearches(db, userId)) >= MAX_SAVED_SEARCHES) {
    return { ok: false, field: 'name', message: `You can keep up to ${MAX_SAVED_SEARCHES} saved searches; delete one first.` };
  }
  const { attrs, ...rest } = params;
  const saved = await insertSavedSearch(db, { user_id: userId, name: input.name, query, params: { ...rest, attrs } });
  if (!saved) return { ok: false, field: 'name', message: 'You already saved this search.' };
  return { ok: true, saved };
}

/** Does the saved search, run now, return this listing? (Its category gone or retired: no.) */
async function matches(db: Knex, catalog: Catalog, saved: SavedSearchRow, listingId: number, now: Date): Promise<boolean> {
  const prepared = await prepareSearch(db, rawFromQuery(saved.query), { catalog });
  // a saved search whose category no longer exists would otherwise widen to every category
  if (prepared.messages.category) return false;
  const rows = await searchListings(db, {
    params: prepared.params,
    sort: 'newest',
    cursor: null,
    now,
    categoryIds: prepared.scope?.subtree ?? null,
    facets: prepared.facets,
    limit: 1,
    onlyListingId: listingId,
    rowsOnly: true,
    terms: prepared.terms,
  });
  return rows.items.length > 0;
}

/**
 * Tells the owners of the saved searches a newly active listing matches, once per
 * (saved search, listing) however often it runs (the notified rows decide, in the
 * same transaction as the notifications). The seller's own searches are skipped.
 * One notification per owner, even when several of their searches match.
 */
export async function matchSavedSearches(db: Knex, listingId: number, opts: { eventId?: number | null } = {}): Promise<{ notified: number[] }> {
  const listing = await findMatchListing(db, listingId);
  if (!listing) return { notified: [] };
  const candidates = await savedSearchesToCheck(db, listing.id, listing.seller_id);
  if (candidates.length === 0) return { notified: [] };
  const catalog = await loadCatalog(db);
  const now = clock.now();
  const hits: SavedSearchRow[] = [];
  for (const s of candidates) if (await matches(db, catalog, s, listing.id, now)) hits.push(s);
  if (hits.length === 0) return { notified: [] };

  return db.transaction(async (trx) => {
    const byUser = new Map<number, SavedSearchRow[]>();
    for (const s of hits) {
      if (await markNotified(trx, s.id, listing.id)) byUser.set(s.user_id, [...(byUser.get(s.user_id) ?? []), s]);
    }
    const notified: number[] = [];
    for (const [userId, searches] of byUser) {
      const names = searches.map((s) => `“${s.name}”`).join(', ');
      const row = await insertOnce(trx, {
        user_id: userId,
        kind: 'saved_search.match',
        title: `New listing for your saved search ${names}: ${listing.title}`,
        body: 'A listing that matches your saved search was just published.',
        link: paths.listing(listing.id, listing.slug),
        source_event_id: opts.eventId ?? null,
      });
      if (row) {
        notified.push(userId);
        await emit(trx, 'notification.created', { userId, notificationId: row.id });
      }
    }
    return { notified };
  });
}
