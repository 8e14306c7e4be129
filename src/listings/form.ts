import { fromWallTime, wallTime, zoneLabel } from '../lib/locale.js';
import { validateAttributes, type AttributeValue } from '../catalog/attributes.js';
import type { SchemaAttribute } from '../catalog/queries.js';
import { parseMoney, toDecimal } from '../lib/money.js';
import { kindTraits } from './kinds.js';
import { CONDITIONS, KINDS, PRICE_UNITS, type Condition, type ListingFields, type ListingKind, type ListingRow, type PriceUnit } from './queries.js';
import { parseStock } from './variants.js';

/** Attribute inputs are prefixed so an attribute key can never collide with a listing field. */
export const ATTR_PREFIX = 'attr_';

export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

export type ParsedListing = { ok: true; data: Omit<ListingFields, 'slug'> & { slug: string | null }; stockWas: number | null } | { ok: false; errors: FormErrors };

/** The form's string values from a request body (only strings; no token or method). */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
}

/** "2026-12-01T10:00" as typed into datetime-local, read in the seller's time zone (UTC until their browser told it) → Date. */
export function parseDateTime(s: string): Date | null {
  return fromWallTime(s);
}

/** A moment as the datetime-local field shows it, in the seller's time zone. */
export function dateTimeValue(d: Date | null): string {
  return d ? wallTime(new Date(d)) : '';
}

/** A URL slug from a title. */
export function slugify(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70)
      .replace(/-+$/, '') || 'listing'
  );
}

const MAX_COORD_DIGITS = /^-?\d{1,3}(\.\d{1,8})?$/;

/**
 * Checks the listing form against the kind's needs and the category's schema.
 * `axes` are the attributes the listing's variants span: they are not asked for here.
 * Every message is keyed by the field it belongs beside.
 */
export function parseListingForm(v: FormValues, schema: SchemaAttribute[], opts: { axes: string[]; hasVariants: boolean }): ParsedListing {
  const errors: FormErrors = {};
  const s = (k: string) => (v[k] ?? '').trim();

  const categoryId = /^\d{1,15}$/.test(s('category_id')) ? Number(s('category_id')) : null;
  if (!categoryId) errors.category_id = 'Choose a category.';

  const kind = (KINDS as string[]).includes(s('kind')) ? (s('kind') as ListingKind) : null;
  if (!kind) errors.kind = 'Choose what kind of listing this is.';
  const has = kind ? kindTraits[kind] : null;

  const title = s('title');
  if (title.length < 3) errors.title = 'Give the listing a title of at least 3 characters.';
  else if (title.length > 120) errors.title = 'Use at most 120 characters.';

  const description = (v.description ?? '').replace(/\r\n/g, '\n').trim();
  if (description.length > 10_000) errors.description = 'Use at most 10,000 characters.';

  let slug: string | null = s('slug').toLowerCase() || null;
  if (slug && (!SLUG_RE.test(slug) || slug.length > 80)) errors.slug = 'Use lowercase letters, digits and single dashes (at most 80), e.g. oak-side-table.';

  const seoTitle = s('seo_title') || null;
  if (seoTitle && seoTitle.length > 70) errors.seo_title = 'Use at most 70 characters.';
  const seoDescription = s('seo_description') || null;
  if (seoDescription && seoDescription.length > 160) errors.seo_description = 'Use at most 160 characters.';

  const city = s('city') || null;
  if (city && city.length > 80) errors.city = 'Use at most 80 characters.';

  let lat: number | null = null;
  let lng: number | null = null;
  if (s('lat') || s('lng')) {
    if (!MAX_COORD_DIGITS.test(s('lat')) || Math.abs(Number(s('lat'))) > 90) errors.lat = 'Enter a latitude between -90 and 90, or leave both empty.';
    else lat = Number(s('lat'));
    if (!MAX_COORD_DIGITS.test(s('lng')) || Math.abs(Number(s('lng'))) > 180) errors.lng = 'Enter a longitude between -180 and 180, or leave both empty.';
    else lng = Number(s('lng'));
  }

  let condition: Condition | null = null;
  if (has?.condition) {
    if ((CONDITIONS as string[]).includes(s('condition'))) condition = s('condition') as Condition;
    else errors.condition = 'Choose the condition.';
  }

  const money = (field: string, label: string, required: boolean): number | null => {
    const raw = s(field);
    if (!raw) {
      if (required) errors[field] = `Enter ${label}.`;
      return null;
    }
    const m = parseMoney(raw);
    if (m === null) errors[field] = 'Enter an amount like 12.50 (at most two decimals).';
    return m;
  };

  let price: number | null = null;
  let priceUnit: PriceUnit | null = null;
  let stock: number | null = null;
  let startPrice: number | null = null;
  let reservePrice: number | null = null;
  let buyNowPrice: number | null = null;
  let buyNowUntil: 'reserve_met' | null = null;
  let softCloseMinutes: number | null = null;
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;

  // with variants, each variant has its own price
  if (has?.price && !(has.stock && opts.hasVariants)) price = money('price', has.contactOnly ? 'an asking price' : 'a price', true);
  if (has?.booking) {
    if ((PRICE_UNITS as string[]).includes(s('price_unit'))) priceUnit = s('price_unit') as PriceUnit;
    else errors.price_unit = 'Choose what the price is per.';
  }
  if (has?.stock && !opts.hasVariants) {
    stock = parseStock(s('stock'));
    if (stock === null) errors.stock = 'Enter how many you have: a whole number of 0 or more.';
  }
  if (has?.bids) {
    startPrice = money('start_price', 'a starting price', true);
    reservePrice = money('reserve_price', 'a reserve price', false);
    buyNowPrice = money('buy_now_price', 'a buy-now price', false);
    if (startPrice !== null && reservePrice !== null && reservePrice < startPrice) errors.reserve_price = 'The reserve cannot be below the starting price.';
    if (startPrice !== null && buyNowPrice !== null && buyNowPrice <= startPrice) errors.buy_now_price = 'The buy-now price must be above the starting price.';
    else if (reservePrice !== null && buyNowPrice !== null && buyNowPrice < reservePrice) errors.buy_now_price = 'The buy-now price cannot be below the reserve.';
    const until = s('auction_buy_now_until');
    // until the first bid is the default, kept as null
    if (until === 'reserve_met') buyNowUntil = until;
    else if (until && until !== 'first_bid') errors.auction_buy_now_until = 'Choose until when buy it now is offered.';
    if (buyNowUntil === 'reserve_met' && buyNowPrice !== null && reservePrice === null) errors.auction_buy_now_until = 'Set a reserve price to keep buy it now until bids reach it.';
    const minutes = s('auction_soft_close_minutes');
    if (minutes) {
      softCloseMinutes = /^\d{1,2}$/.test(minutes) && Number(minutes) <= 60 ? Number(minutes) : null;
      if (softCloseMinutes === null) errors.auction_soft_close_minutes = 'Enter a whole number of minutes from 0 to 60.';
    }
    startsAt = parseDateTime(s('starts_at'));
    if (!startsAt) errors.starts_at = `Enter when bidding opens (date and time, ${zoneLabel()}).`;
    endsAt = parseDateTime(s('ends_at'));
    if (!endsAt) errors.ends_at = `Enter when bidding closes (date and time, ${zoneLabel()}).`;
    else if (startsAt && endsAt <= startsAt) errors.ends_at = 'Bidding must close after it opens.';
    else if (startsAt && endsAt.getTime() - startsAt.getTime() > 30 * 86_400_000) errors.ends_at = 'An auction runs for at most 30 days.';
  }

  let attributes: Record<string, AttributeValue> = {};
  const own = schema.filter((a) => !opts.axes.includes(a.key));
  const input: Record<string, string> = {};
  for (const a of own) if (v[ATTR_PREFIX + a.key] !== undefined) input[a.key] = v[ATTR_PREFIX + a.key];
  const checked = validateAttributes(own, input);
  if (checked.ok) attributes = checked.values;
  else for (const [k, m] of Object.entries(checked.errors)) errors[ATTR_PREFIX + k] = m;

  if (Object.keys(errors).length) return { ok: false, errors };
  const stockWas = /^\d{1,7}$/.test(s('stock_was')) ? Number(s('stock_was')) : null;
  return {
    ok: true,
    stockWas,
    data: {
      category_id: categoryId!,
      kind: kind!,
      title,
      slug,
      description,
      seo_title: seoTitle,
      seo_description: seoDescription,
      condition,
      city,
      lat,
      lng,
      price,
      price_unit: priceUnit,
      stock,
      attributes,
      start_price: startPrice,
      reserve_price: reservePrice,
      buy_now_price: buyNowPrice,
      auction_buy_now_until: buyNowUntil,
      auction_soft_close_minutes: softCloseMinutes,
      starts_at: startsAt,
      ends_at: endsAt,
    },
  };
}

/** A stored listing as form values (for the edit form). */
export function valuesOf(l: ListingRow): FormValues {
  const money = (n: number | null) => (n === null ? '' : toDecimal(n));
  const out: FormValues = {
    category_id: String(l.category_id),
    kind: l.kind,
    title: l.title,
    slug: l.slug,
    description: l.description,
    seo_title: l.seo_title ?? '',
    seo_description: l.seo_description ?? '',
    condition: l.condition ?? '',
    city: l.city ?? '',
    lat: l.lat === null ? '' : String(l.lat),
    lng: l.lng === null ? '' : String(l.lng),
    price: money(l.price),
    price_unit: l.price_unit ?? '',
    stock: l.stock === null ? '' : String(l.stock),
    stock_was: l.stock === null ? '' : String(l.stock),
    start_price: money(l.start_price),
    reserve_price: money(l.reserve_price),
    buy_now_price: money(l.buy_now_price),
    auction_buy_now_until: l.auction_buy_now_until ?? 'first_bid',
    auction_soft_close_minutes: l.auction_soft_close_minutes === null ? '' : String(l.auction_soft_close_minutes),
    starts_at: dateTimeValue(l.starts_at),
    ends_at: dateTimeValue(l.ends_at),
  };
  for (const [k, val] of Object.entries(l.attributes ?? {})) out[ATTR_PREFIX + k] = typeof val === 'boolean' ? (val ? 'on' : '') : String(val);
  return out;
}
