import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { notFound } from '../http/errors.js';
import {
  effectiveSort,
  encodeCursor,
  PAGE_SIZE,
  parseAttributes,
  parseSearch,
  readCursor,
  toQueryString,
  type FacetAttribute,
  type Messages,
  type RawQuery,
  type SearchParams,
  type Sort,
} from './params.js';
import { coverImages, type ImageView } from '../media/queries.js';
import type { Freshness, SearchCache } from './cache.js';
import { searchSuggestions, type SearchSuggestions } from './suggestions.js';
import { expandQuery } from './terms.js';
import { catalogSnapshot, searchListings, type CatalogAttribute, type CatalogCategory, type ResultRow, type SearchInput, type SearchRows } from './queries.js';

/** The category a search is scoped to, with what its page shows around the results. */
export interface CategoryScope {
  category: CatalogCategory;
  /** ancestors, root first (for the breadcrumb) */
  trail: CatalogCategory[];
  /** direct subcategories in use */
  children: CatalogCategory[];
  /** the category and every descendant */
  subtree: number[];
}

export interface FacetOption {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export type FacetView =
  | { type: 'enum' | 'boolean'; key: string; label: string; options: FacetOption[] }
  | { type: 'number'; key: string; label: string; unit: string | null; min: number | null; max: number | null; lo: number | null; hi: number | null; count: number };

export interface CategoryOption {
  slug: string;
  name: string;
  depth: number;
}

/**
 * The search to show instead of one whose words find nothing: the same filters with the
 * words spelled as listings spell them ("ipone" → "iphone"), when that finds something.
 * Null when the words find something, when only dropping a filter would help (the empty
 * state offers that), or when the query asks for its words as typed (`exact=1`).
 */
export function autoCorrection(result: SearchResult, raw: RawQuery): SearchParams | null {
  const d = result.suggestions?.didYouMean;
  if (!d || result.total !== 0 || raw.exact === '1') return null;
  const sameFilters = toQueryString({ ...d.params, q: result.params.q }) === toQueryString(result.params);
  return sameFilters ? d.params : null;
}

export interface SearchResult {
  params: SearchParams;
  sort: Sort;
  messages: Messages;
  scope: CategoryScope | null;
  /** categories in use, in tree order, for the category picker */
  categories: CategoryOption[];
  total: number;
  items: ResultRow[];
  facets: FacetView[];
  next: string | null;
  prev: string | null;
  /** for a first page that found nothing: a corrected spelling and relaxed filters */
  suggestions: SearchSuggestions | null;
}

export interface Catalog {
  bySlug: Map<string, CatalogCategory>;
  byId: Map<number, CatalogCategory>;
  children: Map<number | null, CatalogCategory[]>;
  attributes: Map<number, CatalogAttribute[]>;
  /** categories in use, in tree order (the category picker) */
  options: CategoryOption[];
  /** the admins' synonym groups */
  synonyms: string[][];
}

function indexCatalog(categories: CatalogCategory[], attributes: CatalogAttribute[], synonyms: string[][] = []): Catalog {
  const children = new Map<number | null, CatalogCategory[]>();
  for (const c of categories) {
    const list = children.get(c.parent_id) ?? [];
    list.push(c);
    children.set(c.parent_id, list);
  }
  const attrs = new Map<number, CatalogAttribute[]>();
  for (const a of attributes) attrs.set(a.category_id, [...(attrs.get(a.category_id) ?? []), a]);
  return { bySlug: new Map(categories.map((c) => [c.slug, c])), byId: new Map(categories.map((c) => [c.id, c])), children, attributes: attrs, options: treeOptions(children), synonyms };
}

/** Ancestors of a category, root first, without the category itself. */
function trailOf(cat: Catalog, c: CatalogCategory): CatalogCategory[] {
  const out: CatalogCategory[] = [];
  let parent = c.parent_id === null ? undefined : cat.byId.get(c.parent_id);
  while (parent && out.length < 100) {
    out.unshift(parent);
    parent = parent.parent_id === null ? undefined : cat.byId.get(parent.parent_id);
  }
  return out;
}

function subtreeOf(cat: Catalog, id: number): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length && out.length < 100_000) {
    const next = stack.pop()!;
    out.push(next);
    for (const child of cat.children.get(next) ?? []) stack.push(child.id);
  }
  return out;
}

/** Filterable attributes that apply to a category: the root's first, as in effectiveSchema. */
function facetsOf(cat: Catalog, scope: CategoryScope): FacetAttribute[] {
  return [...scope.trail, scope.category].flatMap((c) => cat.attributes.get(c.id) ?? []).map(({ key, label, type, unit, options }) => ({ key, label, type, unit, options }));
}

function treeOptions(children: Catalog['children']): CategoryOption[] {
  const out: CategoryOption[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (c.retired) continue;
      out.push({ slug: c.slug, name: c.name, depth });
      if (depth < 20) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function facetViews(facets: FacetAttribute[], params: SearchParams, counts: Awaited<ReturnType<typeof searchListings>>['facets']): FacetView[] {
  return facets.map((f): FacetView => {
    const mine = counts.filter((c) => c.key === f.key);
    const selected = params.attrs[f.key];
    if (f.type === 'number') {
      const row = mine[0];
      return {
        type: 'number',
        key: f.key,
        label: f.label,
        unit: f.unit,
        min: selected?.type === 'number' ? selected.min : null,
        max: selected?.type === 'number' ? selected.max : null,
        lo: row?.lo ?? null,
        hi: row?.hi ?? null,
        count: row?.n ?? 0,
      };
    }
    const count = (v: string) => mine.find((c) => c.value === v)?.n ?? 0;
    if (f.type === 'boolean') {
      const value = selected?.type === 'boolean' ? (selected.value ? 'yes' : 'no') : null;
      return {
        type: 'boolean',
        key: f.key,
        label: f.label,
        options: [
          { value: 'yes', label: 'Yes', count: count('yes'), selected: value === 'yes' },
          { value: 'no', label: 'No', count: count('no'), selected: value === 'no' },
        ],
      };
    }
    const values = selected?.type === 'enum' ? selected.values : [];
    return { type: 'enum', key: f.key, label: f.label, options: f.options.map((o) => ({ value: o, label: o, count: count(o), selected: values.includes(o) })) };
  });
}

/** The category tree and filterable attributes, indexed (one query). */
export async function loadCatalog(db: Knex): Promise<Catalog> {
  const snapshot = await catalogSnapshot(db);
  return indexCatalog(snapshot.categories, snapshot.attributes, snapshot.synonyms);
}

/**
 * Parses a search and resolves its category. On a category page (`categorySlug`)
 * an unknown or retired category is a 404; in a query it is ignored with a message.
 */
export async function prepareSearch(db: Knex, raw: RawQuery, opts: { categorySlug?: string; catalog?: Catalog } = {}) {
  const cat = opts.catalog ?? (await loadCatalog(db));
  const { params, messages } = parseSearch(raw, opts.categorySlug !== undefined ? { category: opts.categorySlug } : {});
  let scope: CategoryScope | null = null;
  if (params.category) {
    const c = cat.bySlug.get(params.category);
    const trail = c ? trailOf(cat, c) : [];
    if (!c || c.retired || trail.some((t) => t.retired)) {
      if (opts.categorySlug !== undefined) throw notFound('That category');
      messages.category = 'That category is no longer available; showing every category.';
      params.category = null;
    } else {
      scope = { category: c, trail, children: (cat.children.get(c.id) ?? []).filter((x) => !x.retired), subtree: subtreeOf(cat, c.id) };
    }
  }
  const facets = scope ? facetsOf(cat, scope) : [];
  params.attrs = parseAttributes(raw, facets, messages);
  const sort = effectiveSort(params, messages);
  return { params, messages, scope, facets, sort, categories: cat.options, terms: expandQuery(params.q, cat.synonyms) };
}

/** A search page's data: the result and the cover photo of each listing on it. */
export interface SearchPageData {
  result: SearchResult;
  covers: Map<number, ImageView>;
  /** how long anything made from this data stays right (from the cache; null when it was not cached) */
  freshness: Freshness | null;
}

/** What one search reads from Postgres (what the search cache keeps). */
interface SearchRead extends Omit<SearchRows, 'validUntil'>, Freshness {
  covers: Map<number, ImageView>;
  suggestions: SearchSuggestions | null;
}

/**
 * Runs a search from a URL's query: one page of results, the total, the facet
 * counts and the covers. With a cache (the web process's), what Postgres would
 * answer is taken from it while the search generation is unchanged; the one
 * round trip left is reading that generation.
 */
export async function runSearch(
  db: Knex,
  raw: RawQuery,
  opts: { categorySlug?: string; cache?: SearchCache | null; generation?: number } = {},
): Promise<SearchPageData> {
  const cache = opts.cache?.enabled ? opts.cache : null;
  // read before anything it guards, so whatever is loaded below is at least this fresh
  const generation = cache ? (opts.generation ?? (await cache.generation())) : 0;
  const catalog = cache ? await cache.catalog(generation, () => loadCatalog(db)) : await loadCatalog(db);
  const { params, messages, scope, facets, sort, categories, terms } = await prepareSearch(db, raw, { categorySlug: opts.categorySlug, catalog });
  const cursor = readCursor(raw, sort, messages);
  const input: Omit<SearchInput, 'now'> = { params, sort, cursor, categoryIds: scope?.subtree ?? null, facets, limit: PAGE_SIZE, terms };
  const load = async (): Promise<SearchRead> => {
    const now = clock.now();
    const rows = await searchListings(db, { ...input, now });
    const covers = await coverImages(
      db,
      rows.items.slice(0, PAGE_SIZE).map((i) => i.id),
    );
    // an empty first page offers the search spelled right or with fewer filters (computed once, kept with the rows)
    const suggestions =
      rows.total === 0 && !cursor ? await searchSuggestions(db, { params, now, categoryIds: input.categoryIds, facets, synonyms: catalog.synonyms }) : null;
    return { ...rows, covers, suggestions, generation, computedAt: now.getTime(), validUntil: rows.validUntil ? rows.validUntil.getTime() : Infinity };
  };
  // the input is everything searchStatement reads except `now`, which validUntil stands for
  const read = cache ? await cache.get(generation, JSON.stringify(input), load) : await load();

  let items = read.items;
  let next: string | null = null;
  let prev: string | null = null;
  const edge = (r: ResultRow, dir: 'next' | 'prev') => encodeCursor({ dir, sort, boost: r.boost, key: r.sort_key, id: r.id });
  if (cursor?.dir === 'prev') {
    // fetched nearest-first going backwards: the extra row (if any) is the furthest one
    const more = items.length > PAGE_SIZE;
    items = items.slice(0, PAGE_SIZE).reverse();
    if (items.length) {
      prev = more ? edge(items[0], 'prev') : null;
      next = edge(items[items.length - 1], 'next');
    }
  } else {
    const more = items.length > PAGE_SIZE;
    items = items.slice(0, PAGE_SIZE);
    if (items.length) {
      next = more ? edge(items[items.length - 1], 'next') : null;
      prev = cursor ? edge(items[0], 'prev') : null;
    }
  }
  const result: SearchResult = { params, sort, messages, scope, categories, total: read.total, items, facets: facetViews(facets, params, read.facets), next, prev, suggestions: read.suggestions };
  const freshness = cache ? { generation: read.generation, computedAt: read.computedAt, validUntil: read.validUntil } : null;
  return { result, covers: read.covers, freshness };
}
