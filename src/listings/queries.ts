import type { Knex } from 'knex';
import { kindTraits } from './kinds.js';

type Db = Knex | Knex.Transaction;

/** What each kind has is in kinds.ts (kindTraits). */
export type ListingKind = 'fixed' | 'auction' | 'digital' | 'service' | 'classified';
export type ListingStatus = 'draft' | 'pending' | 'active' | 'rejected' | 'expired' | 'paused' | 'sold_out';
export type Condition = 'new' | 'used' | 'refurbished';
export type PriceUnit = 'hour' | 'unit' | 'day' | 'session';

export const KINDS: ListingKind[] = ['fixed', 'auction', 'digital', 'service', 'classified'];
export const STATUSES: ListingStatus[] = ['draft', 'pending', 'active', 'paused', 'sold_out', 'rejected', 'expired'];
export const CONDITIONS: Condition[] = ['new', 'used', 'refurbished'];
export const PRICE_UNITS: PriceUnit[] = ['hour', 'unit', 'day', 'session'];

export interface ListingRow {
  id: number;
  seller_id: number;
  category_id: number;
  kind: ListingKind;
  status: ListingStatus;
  title: string;
  slug: string;
  description: string;
  seo_title: string | null;
  seo_description: string | null;
  condition: Condition | null;
  city: string | null;
  lat: number | null;
  lng: number | null;
  currency: string;
  price: number | null;
  price_unit: PriceUnit | null;
  stock: number | null;
  reserved: number;
  attributes: Record<string, string | number | boolean>;
  variant_axes: string[];
  start_price: number | null;
  reserve_price: number | null;
  buy_now_price: number | null;
  /** an auction's buy it now is offered until the first bid (null: the default) or until bids reach the reserve */
  auction_buy_now_until: 'first_bid' | 'reserve_met' | null;
  /** minutes a late bid moves an auction's end to (null: the default, 2) */
  auction_soft_close_minutes: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  digital_file_key: string | null;
  digital_file_name: string | null;
  digital_file_bytes: number | null;
  risk_score: number;
  risk_reasons: string[];
  rejection_reason: string | null;
  /** the moderator reviewing it now (moderation's working state, not a lifecycle step) */
  claimed_by: number | null;
  claimed_until: Date | null;
  submitted_at: Date | null;
  published_at: Date | null;
  expires_at: Date | null;
  hidden_at: Date | null;
  deleted_at: Date | null;
  promoted_until: Date | null;
  promoted_weight: number;
  views: number;
  favourites_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface VariantRow {
  id: number;
  listing_id: number;
  options: Record<string, string>;
  sku: string;
  price: number;
  stock: number;
  reserved: number;
  position: number;
}

/** The columns a seller writes through the listing form. */
export type ListingFields = Pick<
  ListingRow,
  | 'category_id'
  | 'kind'
  | 'title'
  | 'slug'
  | 'description'
  | 'seo_title'
  | 'seo_description'
  | 'condition'
  | 'city'
  | 'lat'
  | 'lng'
  | 'price'
  | 'price_unit'
  | 'stock'
  | 'attributes'
  | 'start_price'
  | 'reserve_price'
  | 'buy_now_price'
  | 'auction_buy_now_until'
  | 'auction_soft_close_minutes'
  | 'starts_at'
  | 'ends_at'
>;

/** jsonb goes in as JSON text, so arrays are not mistaken for Postgres arrays. */
function toDb(fields: Partial<ListingFields>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fields };
  if (fields.attributes !== undefined) out.attributes = JSON.stringify(fields.attributes);
  return out;
}

/** A listing that has not been deleted. */
export function findListing(db: Db, id: number): Promise<ListingRow | undefined> {
  return db<ListingRow>('listings').where({ id }).whereNull('deleted_at').first();
}

export function lockListing(trx: Knex.Transaction, id: number): Promise<ListingRow | undefined> {
  return trx<ListingRow>('listings').where({ id }).whereNull('deleted_at').forNoKeyUpdate().first();
}

export async function insertListing(trx: Db, row: ListingFields & { seller_id: number; currency: string; variant_axes?: string[] }): Promise<ListingRow> {
  const [inserted] = await trx<ListingRow>('listings').insert(toDb(row) as Partial<ListingRow>).returning('*');
  return inserted;
}

/** Updates a listing's fields. */
export async function updateListing(trx: Db, id: number, patch: Partial<ListingRow>, at: Date): Promise<ListingRow | undefined> {
  const [row] = await trx<ListingRow>('listings')
    .where({ id })
    .whereNull('deleted_at')
    .update({ ...(toDb(patch as Partial<ListingFields>) as Partial<ListingRow>), updated_at: at })
    .returning('*');
  return row;
}

/**
 * The one conditional status change: it happens only if the row is still in one of
 * `from`, so of two concurrent requests exactly one wins.
 */
export async function transitionRow(trx: Db, id: number, from: ListingStatus[], patch: Partial<ListingRow> & { status?: ListingStatus }, at: Date): Promise<ListingRow | undefined> {
  const [row] = await trx<ListingRow>('listings')
    .where({ id })
    .whereIn('status', from)
    .whereNull('deleted_at')
    .update({ ...patch, ...(patch.risk_reasons ? { risk_reasons: JSON.stringify(patch.risk_reasons) as unknown as string[] } : {}), updated_at: at })
    .returning('*');
  return row;
}

export async function slugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const q = db('listings').where({ slug });
  if (exceptId) q.whereNot('id', exceptId);
  return Boolean(await q.first('id'));
}

export function variantsOf(db: Db, listingId: number): Promise<VariantRow[]> {
  return db<VariantRow>('listing_variants').where({ listing_id: listingId }).orderBy([{ column: 'position' }, { column: 'id' }]);
}

export async function variantCounts(db: Db, listingIds: number[]): Promise<Map<number, { count: number; stock: number; minPrice: number | null }>> {
  if (listingIds.length === 0) return new Map();
  const rows = await db('listing_variants')
    .whereIn('listing_id', listingIds)
    .groupBy('listing_id')
    .select('listing_id', db.raw('count(*)::int as count'), db.raw('coalesce(sum(stock), 0)::int as stock'), db.raw('min(price) as min_price'));
  return new Map(rows.map((r: { listing_id: number; count: number; stock: number; min_price: number | null }) => [Number(r.listing_id), { count: r.count, stock: r.stock, minPrice: r.min_price }]));
}

/** The stock a listing has to sell: its own, or the sum of its variants'. Null when stock does not apply. */
export async function stockOf(db: Db, listing: Pick<ListingRow, 'id' | 'kind' | 'stock'>): Promise<number | null> {
  if (!kindTraits[listing.kind].stock) return null;
  const v = await db('listing_variants').where({ listing_id: listing.id }).first(db.raw('count(*)::int as n'), db.raw('coalesce(sum(stock), 0)::int as stock'));
  if (v && v.n > 0) return v.stock;
  return listing.stock;
}

export type Tab = ListingStatus | 'all';

/** How many listings of the seller are in each state. */
export async function statusCounts(db: Db, sellerId: number): Promise<Record<ListingStatus, number>> {
  const rows = await db('listings').where({ seller_id: sellerId }).whereNull('deleted_at').groupBy('status').select('status', db.raw('count(*)::int as n'));
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ListingStatus, number>;
  for (const r of rows as { status: ListingStatus; n: number }[]) out[r.status] = r.n;
  return out;
}

/** The seller's listings in one tab, newest change first, optionally filtered by title. */
export function sellerListings(db: Db, sellerId: number, opts: { tab: Tab; q: string; limit?: number }): Promise<ListingRow[]> {
  const q = db<ListingRow>('listings').where({ seller_id: sellerId }).whereNull('deleted_at');
  if (opts.tab !== 'all') q.where('status', opts.tab);
  if (opts.q) q.whereILike('title', `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q.orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit ?? 200);
}

export function categoryName(db: Db, id: number): Promise<{ name: string; retired_at: Date | null } | undefined> {
  return db('categories').where({ id }).first('name', 'retired_at');
}
