import { z } from 'zod';
import { parseMoney, toDecimal } from '../lib/money.js';
import { KINDS, type ListingKind } from '../listings/queries.js';

/** Reading a search from a URL's query string, and writing it back the same way every time. */

export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'distance', 'ending_soon', 'current_price'] as const;
export type Sort = (typeof SORTS)[number];
export const CONDITIONS = ['new', 'used', 'refurbished'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const PAGE_SIZE = 20;
export const MAX_RADIUS_KM = 1000;

/** A filterable attribute of the selected category, as the facets need it. */
export interface FacetAttribute {
  key: string;
  label: string;
  type: 'enum' | 'boolean' | 'number';
  unit: string | null;
  options: string[];
}

export type AttrFilter =
  | { type: 'enum'; values: string[] }
  | { type: 'boolean'; value: boolean }
  | { type: 'number'; min: number | null; max: number | null };

export interface SearchParams {
  q: string;
  category: string | null;
  /** price bounds in minor units */
  min: number | null;
  max: number | null;
  condition: Condition | null;
  city: string;
  kind: ListingKind | null;
  lat: number | null;
  lng: number | null;
  /** km; only with a point */
  radius: number | null;
  /** as asked for; `effectiveSort` decides what applies */
  sort: Sort | null;
  attrs: Record<string, AttrFilter>;
}

export interface Cursor {
  dir: 'next' | 'prev';
  sort: Sort;
  /** promotion rank of the edge row */
  boost: number;
  /** the sort value of the edge row, as Postgres printed it (exact) */
  key: string;
  id: number;
}

export type RawQuery = Record<string, unknown>;
export type Messages = Record<string, string>;

const first = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
};
const all = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string' && s.trim() !== '');

const decimal = (lo: number, hi: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,4}(\.\d{1,10})?$/, message)
    .transform(Number)
    .refine((n) => n >= lo && n <= hi, message);

const money = (message: string) =>
  z
    .string()
    .transform((s, ctx) => {
      const m = parseMoney(s);
      if (m === null) ctx.addIssue({ code: 'custom', message });
      return m ?? 0;
    });

const fields = {
  q: z.string().trim().max(200, 'Use at most 200 characters.'),
  category: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Choose a category from the list.').max(120),
  min: money('Enter a price like 10 or 10.50.'),
  max: money('Enter a price like 10 or 10.50.'),
  condition: z.enum(CONDITIONS, 'Choose a condition from the list.'),
  city: z.string().trim().max(80, 'Use at most 80 characters.'),
  kind: z.enum(KINDS, 'Choose a type from the list.'),
  lat: decimal(-90, 90, 'Enter a latitude between -90 and 90.'),
  lng: decimal(-180, 180, 'Enter a longitude between -180 and 180.'),
  radius: decimal(0.1, MAX_RADIUS_KM, `Enter a distance between 0.1 and ${MAX_RADIUS_KM} km.`),
  sort: z.enum(SORTS, 'Choose a sort order from the list.'),
};

/** One field: its value, or null with a message when it is present but wrong. */
function field<K extends keyof typeof fields>(raw: RawQuery, key: K, messages: Messages): z.infer<(typeof fields)[K]> | null {
  const v = first(raw[key]);
  if (v === undefined || v.trim() === '') return null;
  const r = fields[key].safeParse(v);
  if (r.success) return r.data as z.infer<(typeof fields)[K]>;
  messages[key] = r.error.issues[0]?.message ?? 'This value was ignored.';
  return null;
}

/**
 * Reads the search parameters. Nothing here throws: a wrong value is left out of
 * the search and explained in `messages`, keyed by field name.
 */
export function parseSearch(raw: RawQuery, opts: { category?: string | null } = {}): { params: SearchParams; messages: Messages } {
  const messages: Messages = {};
  const params: SearchParams = {
    q: field(raw, 'q', messages) ?? '',
    category: opts.category !== undefined ? opts.category : field(raw, 'category', messages),
    min: field(raw, 'min', messages),
    max: field(raw, 'max', messages),
    condition: field(raw, 'condition', messages),
    city: field(raw, 'city', messages) ?? '',
    kind: field(raw, 'kind', messages),
    lat: field(raw, 'lat', messages),
    lng: field(raw, 'lng', messages),
    radius: field(raw, 'radius', messages),
    sort: field(raw, 'sort', messages),
    attrs: {},
  };
  if (params.min !== null && params.max !== null && params.min > params.max) {
    messages.max = 'The highest price is below the lowest; the highest price was ignored.';
    params.max = null;
  }
  if ((params.lat === null) !== (params.lng === null)) {
    messages[params.lat === null ? 'lat' : 'lng'] = 'Enter both latitude and longitude to search near a place.';
    params.lat = params.lng = null;
  }
  if (params.radius !== null && params.lat === null) {
    messages.radius ??= 'Enter a latitude and longitude to search within a distance.';
    params.radius = null;
  }
  return { params, messages };
}

const NUMBER = /^-?\d{1,12}(\.\d{1,6})?$/;

/** Reads the attribute filters (`a.<key>`, `a.<key>.min`, `a.<key>.max`) allowed by the category's facets. */
export function parseAttributes(raw: RawQuery, facets: FacetAttribute[], messages: Messages): Record<string, AttrFilter> {
  const out: Record<string, AttrFilter> = {};
  for (const f of facets) {
    const name = `a.${f.key}`;
    if (f.type === 'enum') {
      const wanted = all(raw[name]).map((v) => v.trim().toLowerCase());
      const values = f.options.filter((o) => wanted.includes(o.toLowerCase()));
      if (values.length < new Set(wanted).size) messages[name] = `Choose ${f.label} from the list.`;
      if (values.length) out[f.key] = { type: 'enum', values };
    } else if (f.type === 'boolean') {
      const v = first(raw[name])?.trim().toLowerCase();
      if (v === 'yes' || v === 'no') out[f.key] = { type: 'boolean', value: v === 'yes' };
      else if (v) messages[name] = `Choose yes or no for ${f.label}.`;
    } else {
      const bound = (suffix: 'min' | 'max') => {
        const v = first(raw[`${name}.${suffix}`])?.trim().replace(',', '.');
        if (!v) return null;
        if (NUMBER.test(v)) return Number(v);
        messages[`${name}.${suffix}`] = `Enter a number for ${f.label}.`;
        return null;
      };
      let min = bound('min');
      const max = bound('max');
      if (min !== null && max !== null && min > max) {
        messages[`${name}.min`] = `The lowest ${f.label} is above the highest; it was ignored.`;
        min = null;
      }
      if (min !== null || max !== null) out[f.key] = { type: 'number', min, max };
    }
  }
  return out;
}

/** The sort that applies: relevance needs words, distance needs a point. */
export function effectiveSort(p: SearchParams, messages?: Messages): Sort {
  const fallback: Sort = p.q ? 'relevance' : 'newest';
  if (p.sort === 'relevance' && !p.q) {
    if (messages) messages.sort = 'Sorting by relevance needs search words; showing the newest first.';
    return fallback;
  }
  if (p.sort === 'distance' && p.lat === null) {
    if (messages) messages.sort = 'Sorting by distance needs a latitude and longitude.';
    return fallback;
  }
  return p.sort ?? fallback;
}

const plainMoney = (minor: number) => toDecimal(minor).replace(/\.00$/, '');

/**
 * The query string of a search, always in the same order and spelling, so the
 * same search has one URL (saved searches compare these).
 */
export function toQueryString(p: SearchParams, opts: { includeCategory?: boolean; extra?: Record<string, string> } = {}): string {
  const qs = new URLSearchParams();
  if (p.q) qs.append('q', p.q);
  if (opts.includeCategory !== false && p.category) qs.append('category', p.category);
  if (p.min !== null) qs.append('min', plainMoney(p.min));
  if (p.max !== null) qs.append('max', plainMoney(p.max));
  if (p.condition) qs.append('condition', p.condition);
  if (p.city) qs.append('city', p.city);
  if (p.kind) qs.append('kind', p.kind);
  if (p.lat !== null && p.lng !== null) {
    qs.append('lat', String(p.lat));
    qs.append('lng', String(p.lng));
    if (p.radius !== null) qs.append('radius', String(p.radius));
  }
  for (const key of Object.keys(p.attrs).sort()) {
    const f = p.attrs[key];
    if (f.type === 'enum') for (const v of [...f.values].sort()) qs.append(`a.${key}`, v);
    else if (f.type === 'boolean') qs.append(`a.${key}`, f.value ? 'yes' : 'no');
    else {
      if (f.min !== null) qs.append(`a.${key}.min`, String(f.min));
      if (f.max !== null) qs.append(`a.${key}.max`, String(f.max));
    }
  }
  if (p.sort) qs.append('sort', p.sort);
  for (const [k, v] of Object.entries(opts.extra ?? {})) qs.append(k, v);
  return qs.toString();
}

/** True when the search narrows nothing (no words, no filters). */
export function isEmptySearch(p: SearchParams): boolean {
  return !p.q && !p.category && p.min === null && p.max === null && !p.condition && !p.city && !p.kind && p.lat === null && Object.keys(p.attrs).length === 0;
}

const cursorSchema = z.object({
  d: z.enum(['next', 'prev']),
  s: z.enum(SORTS),
  b: z.number().int().min(0).max(1e9),
  k: z.string().max(64),
  i: z.number().int().positive(),
});

/** An opaque page link token: the edge row's position in the sort order. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ d: c.dir, s: c.sort, b: c.boost, k: c.key, i: c.id })).toString('base64url');
}

export function decodeCursor(token: string | undefined): Cursor | null {
  if (!token || token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const r = cursorSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return r.success ? { dir: r.data.d, sort: r.data.s, boost: r.data.b, key: r.data.k, id: r.data.i } : null;
  } catch {
    return null;
  }
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const FLOAT = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** A timestamp as Postgres prints it, whose every field is in range (Postgres refuses 2026-02-30 or a +16 offset with an error). */
function validTimestamp(key: string): boolean {
  const m = TIMESTAMP.exec(key);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offHour, offMinute, offSecond] = [m[1], m[2], m[3], m[4], m[5], m[6], m[8], m[9], m[10]].map((v) => Number(v ?? 0));
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 1 : 0);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offHour <= 15 && offMinute <= 59 && offSecond <= 59;
}

/** A float Postgres reads back in the given range without overflow or underflow (it refuses 1e-50::real). */
function validFloat(key: string, tiny: number, huge: number): boolean {
  if (!FLOAT.test(key)) return false;
  const n = Math.abs(Number(key));
  return Number.isFinite(n) && n < huge && (n === 0 || n >= tiny);
}

/** A cursor key must read back as its sort's SQL type, or Postgres would refuse the cast. */
function validKey(sort: Sort, key: string): boolean {
  switch (sort) {
    case 'newest':
      return validTimestamp(key);
    case 'price_asc':
    case 'price_desc':
    case 'current_price':
      return /^-?\d{1,15}$/.test(key);
    case 'ending_soon':
      // listings other than open auctions sort after them, at infinity
      return key === 'infinity' || validTimestamp(key);
    case 'relevance':
      return validFloat(key, 1e-37, 1e38);
    case 'distance':
      return key === 'Infinity' || validFloat(key, 1e-300, 1e300);
  }
}

/** The cursor from `after`/`before`, or null with a message when it is broken or belongs to another sort. */
export function readCursor(raw: RawQuery, sort: Sort, messages: Messages): Cursor | null {
  const after = first(raw.after);
  const before = first(raw.before);
  const token = after || before;
  if (!token) return null;
  const c = decodeCursor(token);
  if (!c || c.sort !== sort || c.dir !== (after ? 'next' : 'prev') || !validKey(sort, c.key)) {
    messages.page = 'That page link no longer fits this search; showing the first page.';
    return null;
  }
  return c;
}
