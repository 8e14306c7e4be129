import type { Knex } from 'knex';
import type { FacetAttribute, SearchParams } from './params.js';
import { countListings, nearestWords, wordsStartingWith } from './queries.js';
import { expandQuery, wordsOf } from './terms.js';

/** The same search with one filter (or all of them) taken away, and what it finds. */
export interface RelaxedSearch {
  /** "without the price filter" */
  label: string;
  params: SearchParams;
  total: number;
}

/** What the empty state offers: the search with its typos corrected, and with its filters relaxed. */
export interface SearchSuggestions {
  /** the corrected words, and the search to run with them (without filters when only that finds something) */
  didYouMean: { q: string; total: number; params: SearchParams } | null;
  relaxed: RelaxedSearch[];
}

interface Context {
  params: SearchParams;
  now: Date;
  /** the selected category's subtree; null for every category */
  categoryIds: number[] | null;
  facets: FacetAttribute[];
  synonyms: string[][];
}

const MAX_RELAXED = 6;

/** One filter each: its label and the parameters without it (only filters the search uses). */
function withoutEachFilter(p: SearchParams, facets: FacetAttribute[]): { label: string; params: SearchParams; anyCategory?: boolean }[] {
  const out: { label: string; params: SearchParams; anyCategory?: boolean }[] = [];
  if (p.min !== null || p.max !== null) out.push({ label: 'without the price filter', params: { ...p, min: null, max: null } });
  if (p.condition) out.push({ label: 'without the condition filter', params: { ...p, condition: null } });
  if (p.kind) out.push({ label: 'without the type filter', params: { ...p, kind: null } });
  if (p.city) out.push({ label: 'without the city filter', params: { ...p, city: '' } });
  if (p.lat !== null) out.push({ label: 'without the place filter', params: { ...p, lat: null, lng: null, radius: null, sort: p.sort === 'distance' ? null : p.sort } });
  for (const key of Object.keys(p.attrs)) {
    const label = facets.find((f) => f.key === key)?.label ?? key;
    const attrs = { ...p.attrs };
    delete attrs[key];
    out.push({ label: `without the ${label.toLowerCase()} filter`, params: { ...p, attrs } });
  }
  if (p.category) out.push({ label: 'in every category', params: { ...p, category: null, attrs: {} }, anyCategory: true });
  return out;
}

const unfiltered = (p: SearchParams): SearchParams => ({
  ...p,
  category: null,
  min: null,
  max: null,
  condition: null,
  city: '',
  kind: null,
  lat: null,
  lng: null,
  radius: null,
  sort: p.sort === 'distance' ? null : p.sort,
  attrs: {},
});

/** Corrects each word of the query to the nearest known word; null when nothing changes. */
export async function correctedQuery(db: Knex, q: string): Promise<string | null> {
  const words = wordsOf(q).slice(0, 12);
  const candidates = [...new Set(words.filter((w) => w.length >= 3 && w.length <= 40 && !/^\d+$/.test(w)))];
  if (candidates.length === 0) return null;
  const nearest = await nearestWords(db, candidates);
  const corrected = words.map((w) => nearest.get(w) ?? w).join(' ');
  return corrected !== words.join(' ') ? corrected : null;
}

/**
 * For a search that found nothing: the same search with its words corrected (only when the
 * words alone find nothing, so a filter is not blamed on a spelling), and with each filter
 * taken away in turn, keeping only what would find something.
 */
export async function searchSuggestions(db: Knex, ctx: Context): Promise<SearchSuggestions> {
  const p = ctx.params;
  const count = (params: SearchParams, categoryIds: number[] | null) => countListings(db, { params, now: ctx.now, categoryIds, terms: expandQuery(params.q, ctx.synonyms) });

  const options = withoutEachFilter(p, ctx.facets);
  const relaxed: RelaxedSearch[] = [];
  for (const o of options.slice(0, MAX_RELAXED)) {
    const total = await count(o.params, o.anyCategory ? null : ctx.categoryIds);
    if (total > 0) relaxed.push({ label: o.label, params: o.params, total });
  }
  const bare = unfiltered(p);
  const wordsAlone = options.length ? await count(bare, null) : 0;
  if (options.length > 1 && wordsAlone > 0 && !relaxed.some((r) => r.total === wordsAlone)) relaxed.push({ label: 'without any filters', params: bare, total: wordsAlone });

  let didYouMean: SearchSuggestions['didYouMean'] = null;
  if (p.q && wordsAlone === 0) {
    const q = await correctedQuery(db, p.q);
    if (q) {
      const params = { ...p, q };
      const total = await count(params, ctx.categoryIds);
      if (total > 0) didYouMean = { q, total, params };
      else if (options.length) {
        const anywhere = await count({ ...bare, q }, null);
        if (anywhere > 0) didYouMean = { q, total: anywhere, params: { ...bare, q } };
      }
    }
  }
  return { didYouMean, relaxed };
}

/** An autocomplete entry: the query it fills in, and for a category its name. */
export interface Completion {
  value: string;
  /** set for a category */
  category?: string;
}

/**
 * Completions of what is being typed: categories whose name has a word starting with it, then
 * the query with its last word completed from the known words (the most used first).
 */
export async function completions(db: Knex, q: string, categories: { name: string }[], limit = 8): Promise<Completion[]> {
  const words = wordsOf(q);
  const last = words.at(-1);
  if (!last || last.length < 2) return [];
  const head = words.slice(0, -1).join(' ');
  const out: Completion[] = [];
  const seen = new Set<string>();
  const add = (c: Completion) => {
    if (seen.has(c.value) || out.length >= limit) return;
    seen.add(c.value);
    out.push(c);
  };
  if (!head) {
    for (const c of categories) {
      if (wordsOf(c.name).some((w) => w.startsWith(last))) add({ value: c.name.toLowerCase(), category: c.name });
      if (out.length >= 3) break;
    }
  }
  for (const w of await wordsStartingWith(db, last.slice(0, 40), limit)) add({ value: head ? `${head} ${w}` : w });
  return out;
}
