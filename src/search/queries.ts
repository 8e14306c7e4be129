import type { Knex } from 'knex';
import type { ListingKind } from '../listings/queries.js';
import { listedSql } from '../listings/visibility.js';
import type { AttrFilter, Cursor, FacetAttribute, SearchParams, Sort } from './params.js';
import { and, join, list, raw, sql, type Sql } from './sql.js';

type Db = Knex | Knex.Transaction;

/** A category as search needs it. */
export interface CatalogCategory {
  id: number;
  parent_id: number | null;
  name: string;
  slug: string;
  retired: boolean;
}

export interface CatalogAttribute extends FacetAttribute {
  category_id: number;
}

/** The whole category tree, its filterable attributes and the synonym groups, in one round trip (the tables are small). */
export const CATALOG_SNAPSHOT_SQL = `
    select
      (select coalesce(json_agg(json_build_object('id', id, 'parent_id', parent_id, 'name', name, 'slug', slug, 'retired', retired_at is not null)
                                order by position, name, id), '[]'::json) from categories) as categories,
      (select coalesce(json_agg(json_build_object('category_id', category_id, 'key', key, 'label', label, 'type', type, 'unit', unit, 'options', options)
                                order by position, id), '[]'::json)
         from category_attributes where filterable and type in ('enum', 'boolean', 'number')) as attributes,
      (select coalesce(json_agg(terms order by id), '[]'::json) from search_synonyms) as synonyms`;

export async function catalogSnapshot(db: Db): Promise<{ categories: CatalogCategory[]; attributes: CatalogAttribute[]; synonyms: string[][] }> {
  const { rows } = await db.raw<{
    rows: { categories: CatalogCategory[]; attributes: (Omit<CatalogAttribute, 'options'> & { options: string[] | null })[]; synonyms: string[][] }[];
  }>(CATALOG_SNAPSHOT_SQL);
  return { categories: rows[0].categories, attributes: rows[0].attributes.map((a) => ({ ...a, options: a.options ?? [] })), synonyms: rows[0].synonyms };
}

/** One result card's data. */
export interface ResultRow {
  id: number;
  slug: string;
  title: string;
  kind: ListingKind;
  status: string;
  price: number | null;
  price_unit: string | null;
  start_price: number | null;
  buy_now_price: number | null;
  /** an auction's end (soft close moves it) */
  ends_at: string | null;
  /** an auction's current price once bid on (null before the first bid, and for other kinds) */
  current_bid: number | null;
  currency: string;
  city: string | null;
  condition: string | null;
  promoted: boolean;
  /** km, when the search has a point and the listing a position */
  distance: number | null;
  boost: number;
  sort_key: string;
}

export interface FacetCountRow {
  key: string;
  value: string | null;
  n: number;
  lo: number | null;
  hi: number | null;
}

export interface SearchRows {
  total: number;
  items: ResultRow[];
  facets: FacetCountRow[];
  /**
   * The first moment after `now` at which time alone changes this answer (a
   * listing of the matching set expires, or its promotion ends); null when
   * nothing in it ever does. Not computed for saved-search matching (rowsOnly).
   */
  validUntil: Date | null;
}

export interface SearchInput {
  params: SearchParams;
  sort: Sort;
  cursor: Cursor | null;
  now: Date;
  /** the selected category and its descendants; null for all categories */
  categoryIds: number[] | null;
  facets: FacetAttribute[];
  limit: number;
  /** restrict to one listing (saved-search matching); null for a normal search */
  onlyListingId?: number | null;
  /** leave out facet counts and the total (saved-search matching) */
  rowsOnly?: boolean;
  /**
   * The words to match as an AND of alternatives, each a websearch query (synonyms widen a word
   * into several); absent or null: `params.q` as one websearch query.
   */
  terms?: string[][] | null;
}

const KM_PER_DEGREE = 111.045;

const tsquery = (q: string) => sql`websearch_to_tsquery('english'::regconfig, ${q})`;

/** What the text match and relevance read: the query, or its words each widened by their synonyms. */
function textQuery(input: Pick<SearchInput, 'params' | 'terms'>): Sql {
  const terms = input.terms?.filter((alts) => alts.length > 0);
  if (!terms?.length) return tsquery(input.params.q);
  // parenthesized whole: `@@` and `&&` share a precedence level
  return sql`(${join(
    terms.map((alts) => sql`(${join(alts.map(tsquery), ' || ')})`),
    ' && ',
  )})`;
}

/** Great-circle distance in km from the point to the listing (haversine; null without a position). */
function distanceKm(lat: number, lng: number): Sql {
  return sql`(2 * 6371 * asin(least(1, sqrt(
    power(sin(radians(l.lat - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${lng}) / 2), 2)))))`;
}

/** The point-and-radius filter: a bounding box the position index can use, then the exact distance. */
function withinRadius(lat: number, lng: number, km: number): Sql {
  const dLat = km / KM_PER_DEGREE;
  const parts: Sql[] = [sql`l.lat between ${lat - dLat} and ${lat + dLat}`];
  const cosLat = Math.cos((lat * Math.PI) / 180);
  const dLng = cosLat > 0.01 ? km / (KM_PER_DEGREE * cosLat) : 360;
  // near the poles or across the antimeridian the longitude box would be wrong: leave it to the exact check
  if (dLng < 180 && lng - dLng >= -180 && lng + dLng <= 180) parts.push(sql`l.lng between ${lng - dLng} and ${lng + dLng}`);
  parts.push(sql`${distanceKm(lat, lng)} <= ${km}`);
  return and(parts);
}

/**
 * The end of an auction listing that is still open for bids at `now` (null for every other
 * listing): the auction row's end, which soft close moves, or the listing's before the row exists.
 * Needs the `a` alias (auctions left-joined on the listing).
 */
const openAuctionEnd = (now: Date) =>
  sql`(case when l.kind = 'auction' and coalesce(a.status, 'open') = 'open' and coalesce(a.ends_at, l.ends_at) > ${now} then coalesce(a.ends_at, l.ends_at) end)`;

/** What each sort orders by, the SQL type to read a cursor's key back as, its direction, and whether it reads the auction row. */
function sortSpec(sort: Sort, p: SearchParams, now: Date, query: Sql): { expr: Sql; type: string; dir: 'asc' | 'desc'; auctions?: boolean } {
  switch (sort) {
    case 'ending_soon':
      // open auctions first, soonest end first; everything else after them
      return { expr: sql`coalesce(${openAuctionEnd(now)}, 'infinity'::timestamptz)`, type: 'timestamptz', dir: 'asc', auctions: true };
    case 'current_price':
      // an auction at its current bid (its starting price before the first), any other listing at its price
      return { expr: raw('coalesce(a.price, l.price, l.start_price, 0)'), type: 'bigint', dir: 'asc', auctions: true };
    case 'relevance':
      return { expr: sql`ts_rank_cd(l.search_vector, ${query})`, type: 'real', dir: 'desc' };
    case 'price_asc':
      return { expr: raw('coalesce(l.price, l.start_price, 0)'), type: 'bigint', dir: 'asc' };
    case 'price_desc':
      return { expr: raw('coalesce(l.price, l.start_price, 0)'), type: 'bigint', dir: 'desc' };
    case 'distance':
      return { expr: sql`coalesce(${distanceKm(p.lat!, p.lng!)}, 'Infinity'::float8)`, type: 'double precision', dir: 'asc' };
    case 'newest':
    default:
      return { expr: raw('l.published_at'), type: 'timestamptz', dir: 'desc' };
  }
}

/** Filters that every facet's counts respect (everything but the attribute filters). */
function baseFilters(input: SearchInput): Sql[] {
  const p = input.params;
  const w: Sql[] = [
    // what is listed: it starts with the partial indexes' predicate, so the planner can use them
    listedSql(input.now),
  ];
  // an auction an admin suspended takes no bids and is not offered
  w.push(raw(`(l.kind <> 'auction' or not exists (select 1 from auctions sa where sa.listing_id = l.id and sa.status = 'suspended'))`));
  if (input.onlyListingId) w.push(sql`l.id = ${input.onlyListingId}`);
  if (p.q) w.push(sql`l.search_vector @@ ${textQuery(input)}`);
  if (input.categoryIds) w.push(sql`l.category_id in (${list(input.categoryIds)})`);
  if (p.min !== null) w.push(sql`coalesce(l.price, l.start_price, 0) >= ${p.min}`);
  if (p.max !== null) w.push(sql`coalesce(l.price, l.start_price, 0) <= ${p.max}`);
  if (p.condition) w.push(sql`l.condition = ${p.condition}`);
  if (p.kind) w.push(sql`l.kind = ${p.kind}`);
  if (p.city) w.push(sql`lower(l.city) = lower(${p.city})`);
  if (p.lat !== null && p.lng !== null && p.radius !== null) w.push(withinRadius(p.lat, p.lng, p.radius));
  return w;
}

const numeric = (key: string) => sql`(case when jsonb_typeof(b.attributes -> ${key}) = 'number' then (b.attributes -> ${key})::numeric end)`;

/** One attribute filter, on the `b` alias of the base set. */
function attrCondition(key: string, f: AttrFilter): Sql {
  if (f.type === 'enum') return sql`b.attributes ->> ${key} in (${list(f.values)})`;
  if (f.type === 'boolean') {
    const yes = sql`b.attributes @> ${JSON.stringify({ [key]: true })}::jsonb`;
    return f.value ? yes : sql`not (${yes})`;
  }
  const parts: Sql[] = [];
  if (f.min !== null) parts.push(sql`${numeric(key)} >= ${f.min}`);
  if (f.max !== null) parts.push(sql`${numeric(key)} <= ${f.max}`);
  return and(parts);
}

/** Counts per facet over the results, each ignoring its own selection (so a buyer can widen it). */
function facetCounts(facets: FacetAttribute[], attrs: Record<string, AttrFilter>): Sql {
  const others = (key: string) => and(Object.entries(attrs).filter(([k]) => k !== key).map(([k, f]) => attrCondition(k, f)));
  const parts = facets.map((f) => {
    if (f.type === 'enum')
      return sql`select ${f.key}::text as key, b.attributes ->> ${f.key} as value, count(*) as n, null::numeric as lo, null::numeric as hi
                   from base b where ${others(f.key)} and b.attributes ->> ${f.key} is not null group by 2`;
    if (f.type === 'boolean')
      return sql`select ${f.key}::text as key, case when b.attributes @> ${JSON.stringify({ [f.key]: true })}::jsonb then 'yes' else 'no' end as value,
                        count(*) as n, null::numeric as lo, null::numeric as hi
                   from base b where ${others(f.key)} group by 2`;
    return sql`select ${f.key}::text as key, null::text as value, count(*) as n, min(${numeric(f.key)}) as lo, max(${numeric(f.key)}) as hi
                 from base b where ${others(f.key)} and ${numeric(f.key)} is not null`;
  });
  if (parts.length === 0) return raw(`'[]'::json`);
  return sql`(select coalesce(json_agg(f), '[]'::json) from (${join(parts, ' union all ')}) f)`;
}

/**
 * One statement computes the page, the total and every facet's counts from one
 * scan of the matching listings: the base set (all filters but the attribute
 * ones) is materialized once, facets count over it, the page is a keyset slice
 * of it. Order: promoted first (weight desc), then the sort key, then id.
 */
export function searchStatement(input: SearchInput): Sql {
  const p = input.params;
  const spec = sortSpec(input.sort, p, input.now, textQuery(input));
  const boost = sql`case when l.promoted_until > ${input.now} then 1 + greatest(l.promoted_weight, 0) else 0 end`;
  const attrs = Object.entries(p.attrs);
  const matchedWhere = and(attrs.map(([k, f]) => attrCondition(k, f)));

  const c = input.cursor;
  const backwards = c?.dir === 'prev';
  // forwards: rows after the cursor in display order; backwards: rows before it, fetched in reverse
  const dir = backwards ? (spec.dir === 'asc' ? 'desc' : 'asc') : spec.dir;
  const boostDir = backwards ? 'asc' : 'desc';
  let cursorWhere: Sql = raw('true');
  if (c) {
    const beyond = (spec.dir === 'asc') !== backwards ? '>' : '<';
    const boostBeyond = backwards ? '>' : '<';
    cursorWhere = sql`(m.boost ${raw(boostBeyond)} ${c.boost} or (m.boost = ${c.boost} and (m.sort_val, m.id) ${raw(beyond)} (${c.key}::${raw(spec.type)}, ${c.id})))`;
  }
  const order = raw(`p.boost ${boostDir}, p.sort_val ${dir}, p.id ${dir}`);
  const distance = p.lat !== null && p.lng !== null ? distanceKm(p.lat, p.lng) : raw('null::float8');

  // time only ever takes listings out of the set (expiry) or lowers their rank (promotion ends)
  // (and, sorting by end, an open auction's end moves it behind the others)
  const endsColumn = spec.auctions && input.sort === 'ending_soon' ? sql`, ${openAuctionEnd(input.now)} as auction_ends` : raw(', null::timestamptz as auction_ends');
  const timeColumns = input.rowsOnly ? raw('') : sql`, l.expires_at, case when l.promoted_until > ${input.now} then l.promoted_until end as promoted_until${endsColumn}`;
  // the auction sorts read the bidding state; migration 0025 moves the search generation when it changes
  const auctionJoin = spec.auctions ? raw(' left join auctions a on a.listing_id = l.id') : raw('');
  const statement = sql`
    with base as materialized (
      select l.id, l.attributes, ${boost} as boost, ${spec.expr} as sort_val${timeColumns}
        from listings l${auctionJoin}
       where ${and(baseFilters(input))}
    ),
    matched as materialized (
      select b.id, b.boost, b.sort_val from base b where ${matchedWhere}
    ),
    page as (
      select m.id, m.boost, m.sort_val from matched m where ${cursorWhere}
       order by ${raw(`m.boost ${boostDir}, m.sort_val ${dir}, m.id ${dir}`)}
       limit ${input.limit + 1}
    )
    select
      ${input.rowsOnly ? raw('0::bigint') : raw('(select count(*) from matched)')} as total,
      ${input.rowsOnly ? raw(`'[]'::json`) : facetCounts(input.facets, p.attrs)} as facets,
      ${input.rowsOnly ? raw('null::timestamptz') : raw('(select least(min(b.expires_at), min(b.promoted_until), min(b.auction_ends)) from base b)')} as valid_until,
      (select coalesce(json_agg(json_build_object(
          'id', l.id, 'slug', l.slug, 'title', l.title, 'kind', l.kind, 'status', l.status,
          'price', l.price, 'price_unit', l.price_unit, 'start_price', l.start_price, 'buy_now_price', l.buy_now_price,
          'ends_at', coalesce(a.ends_at, l.ends_at), 'current_bid', a.price, 'currency', l.currency, 'city', l.city, 'condition', l.condition,
          'promoted', p.boost > 0, 'distance', case when l.lat is null then null else ${distance} end,
          'boost', p.boost, 'sort_key', p.sort_val::text
        ) order by ${order}), '[]'::json)
         from page p join listings l on l.id = p.id left join auctions a on a.listing_id = l.id) as items`;
  return statement;
}

export async function searchListings(db: Db, input: SearchInput): Promise<SearchRows> {
  const statement = searchStatement(input);
  const { rows } = await db.raw<{ rows: { total: number; facets: FacetCountRow[]; items: ResultRow[]; valid_until: Date | null }[] }>(
    statement.text,
    statement.values as Knex.RawBinding[],
  );
  const row = rows[0];
  return {
    total: Number(row.total),
    facets: row.facets.map((f) => ({ ...f, n: Number(f.n), lo: f.lo === null ? null : Number(f.lo), hi: f.hi === null ? null : Number(f.hi) })),
    items: row.items,
    validUntil: row.valid_until,
  };
}

export interface SavedSearchRow {
  id: number;
  user_id: number;
  name: string;
  query: string;
  params: Record<string, unknown>;
  last_notified_listing_id: number | null;
  created_at: Date;
}

export function savedSearchesOf(db: Db, userId: number): Promise<SavedSearchRow[]> {
  return db<SavedSearchRow>('saved_searches').where({ user_id: userId }).orderBy('id', 'desc');
}

export async function countSavedSearches(db: Db, userId: number): Promise<number> {
  const row = await db('saved_searches').where({ user_id: userId }).count<{ count: string }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

export function findSavedSearchByQuery(db: Db, userId: number, query: string): Promise<SavedSearchRow | undefined> {
  return db<SavedSearchRow>('saved_searches').where({ user_id: userId, query }).first();
}

/** Inserts once per (user, query); null when the user already saved that search. */
export async function insertSavedSearch(db: Db, s: { user_id: number; name: string; query: string; params: Record<string, unknown> }): Promise<SavedSearchRow | null> {
  const rows = await db('saved_searches')
    .insert({ ...s, params: JSON.stringify(s.params) })
    .onConflict(['user_id', 'query'])
    .ignore()
    .returning('*');
  return (rows[0] as SavedSearchRow | undefined) ?? null;
}

/** Deletes one of the user's own saved searches; 0 when it is not theirs. */
export function deleteSavedSearch(db: Db, userId: number, id: number): Promise<number> {
  return db('saved_searches').where({ id, user_id: userId }).delete();
}

/** A listing as saved-search matching needs it. */
export interface MatchListing {
  id: number;
  slug: string;
  title: string;
  seller_id: number;
}

export function findMatchListing(db: Db, id: number): Promise<MatchListing | undefined> {
  return db<MatchListing>('listings').where({ id }).first('id', 'slug', 'title', 'seller_id');
}

/** Saved searches of everyone but the seller that have not yet been told about this listing. */
export function savedSearchesToCheck(db: Db, listingId: number, sellerId: number): Promise<SavedSearchRow[]> {
  return db<SavedSearchRow>('saved_searches as s')
    .whereNot('s.user_id', sellerId)
    .whereNotExists((q) => q.select(db.raw('1')).from('saved_search_notified as n').whereRaw('n.saved_search_id = s.id').where('n.listing_id', listingId))
    .orderBy('s.id')
    .select('s.*');
}

/** Records that a saved search's owner was told about a listing; false when that already happened. */
export async function markNotified(trx: Db, savedSearchId: number, listingId: number): Promise<boolean> {
  const rows = await trx('saved_search_notified').insert({ saved_search_id: savedSearchId, listing_id: listingId }).onConflict(['saved_search_id', 'listing_id']).ignore().returning('saved_search_id');
  if (rows.length) await trx('saved_searches').where({ id: savedSearchId }).update({ last_notified_listing_id: listingId });
  return rows.length > 0;
}

/** How many listings a search matches (the empty state's "without the price filter" counts). */
export async function countListings(db: Db, input: Omit<SearchInput, 'sort' | 'cursor' | 'limit' | 'facets'>): Promise<number> {
  const matchedWhere = and(Object.entries(input.params.attrs).map(([k, f]) => attrCondition(k, f)));
  const statement = sql`
    with base as materialized (
      select l.id, l.attributes from listings l where ${and(baseFilters({ ...input, sort: 'newest', cursor: null, limit: 0, facets: [] }))}
    )
    select count(*) as n from base b where ${matchedWhere}`;
  const { rows } = await db.raw<{ rows: { n: string }[] }>(statement.text, statement.values as Knex.RawBinding[]);
  return Number(rows[0].n);
}

/** The nearest known word to each given word by trigram similarity (a word known as it is answers itself). */
export async function nearestWords(db: Db, words: string[]): Promise<Map<string, string>> {
  if (words.length === 0) return new Map();
  const { rows } = await db.raw<{ rows: { token: string; word: string }[] }>(
    `select t.token, v.word
       from unnest(?::text[]) as t(token)
       cross join lateral (
         select word from search_vocabulary
          where word = t.token or word % t.token
          order by word = t.token desc, similarity(word, t.token) desc, listings desc, word
          limit 1
       ) v`,
    [words],
  );
  return new Map(rows.map((r) => [r.token, r.word]));
}

/** Known words starting with a prefix, the most used first (autocomplete). */
export async function wordsStartingWith(db: Db, prefix: string, limit: number): Promise<string[]> {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db('search_vocabulary')
    .whereRaw(`word like ? escape '\\'`, [`${escaped}%`])
    .whereNot('word', prefix)
    .orderBy([{ column: 'listings', order: 'desc' }, { column: 'word' }])
    .limit(limit)
    .select<{ word: string }[]>('word');
  return rows.map((r) => r.word);
}

/**
 * Rebuilds the vocabulary from the titles of listed listings and the names of their categories:
 * lower-case words of 3 to 40 characters, not numbers, with how many listings use each. Skipped
 * (null) when the search generation has not moved since the last build, unless `force`.
 */
export async function rebuildVocabulary(db: Knex, now: Date, opts: { force?: boolean } = {}): Promise<number | null> {
  return db.transaction(async (trx) => {
    // one builder at a time; the others wait and then find nothing left to do
    const { rows } = await trx.raw<{ rows: { built: string; current: string }[] }>(
      'select s.generation as built, (select n from search_generation) as current from search_vocabulary_state s for update',
    );
    if (!opts.force && rows[0] && rows[0].built === rows[0].current) return null;
    await trx('search_vocabulary_state').update({ generation: rows[0]?.current ?? 0, built_at: now });
    await trx('search_vocabulary').delete();
    const listed = listedSql(now);
    const { rowCount } = await trx.raw(
      `insert into search_vocabulary (word, listings)
       select word, count(distinct id)::int from (
         select l.id, w.word
           from listings l
           cross join lateral regexp_split_to_table(lower(l.title || ' ' || search_category_names(l.category_id)), '[^[:alnum:]]+') as w(word)
          where ${listed.text}
       ) words
       where char_length(word) between 3 and 40 and word !~ '^[0-9]+$'
       group by word`,
      listed.values as Knex.RawBinding[],
    );
    return rowCount ?? 0;
  });
}

/** One admin-kept group of words that mean the same to buyers. */
export interface SynonymGroupRow {
  id: number;
  terms: string[];
  created_at: Date;
  updated_at: Date;
}

export function synonymGroups(db: Db): Promise<SynonymGroupRow[]> {
  return db<SynonymGroupRow>('search_synonyms').orderBy('id').select('id', 'terms', 'created_at', 'updated_at');
}

export function findSynonymGroup(db: Db, id: number): Promise<SynonymGroupRow | undefined> {
  return db<SynonymGroupRow>('search_synonyms').where({ id }).first('id', 'terms', 'created_at', 'updated_at');
}

/** Groups (other than `exceptId`) that already hold one of these terms. */
export function groupsHoldingAny(db: Db, terms: string[], exceptId: number | null): Promise<SynonymGroupRow[]> {
  const q = db<SynonymGroupRow>('search_synonyms').whereRaw('terms && ?::text[]', [terms]);
  if (exceptId !== null) q.whereNot({ id: exceptId });
  return q.select('id', 'terms', 'created_at', 'updated_at');
}

export async function insertSynonymGroup(db: Db, terms: string[], userId: number): Promise<SynonymGroupRow> {
  const [row] = await db('search_synonyms').insert({ terms, created_by: userId }).returning(['id', 'terms', 'created_at', 'updated_at']);
  return row as SynonymGroupRow;
}

export async function updateSynonymGroup(db: Db, id: number, terms: string[]): Promise<number> {
  return db('search_synonyms').where({ id }).update({ terms, updated_at: db.fn.now() });
}

export function deleteSynonymGroup(db: Db, id: number): Promise<number> {
  return db('search_synonyms').where({ id }).delete();
}
