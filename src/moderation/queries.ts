import type { Knex } from 'knex';
import type { ListingRow } from '../listings/queries.js';

type Db = Knex | Knex.Transaction;

/** A listing as the moderation rules read it: the one listing row. */
export type ModListingRow = ListingRow;

/** One item of the moderation queue. */
export interface QueueRow {
  id: number;
  title: string;
  kind: string;
  price: number | null;
  start_price: number | null;
  currency: string;
  risk_score: number;
  risk_reasons: string[];
  submitted_at: Date | null;
  hidden_at: Date | null;
  claimed_by: number | null;
  claimed_until: Date | null;
  claimer_name: string | null;
  seller_id: number;
  seller_name: string;
  shop_name: string | null;
  category_name: string;
  open_flags: number;
  flag_reasons: string[];
}

export function findListing(db: Db, id: number): Promise<ModListingRow | undefined> {
  return db('listings').where({ id }).first();
}

export function lockListing(trx: Knex.Transaction, id: number): Promise<ModListingRow | undefined> {
  return trx('listings').where({ id }).forUpdate().first();
}

const openFlags = `(select count(*)::int from listing_flags f where f.listing_id = l.id and f.resolved_at is null)`;
const openFlagReasons = `(select coalesce(array_agg(distinct f.reason order by f.reason), '{}') from listing_flags f where f.listing_id = l.id and f.resolved_at is null)`;

/** Pending listings, riskiest first, then oldest submission first. */
export function pendingQueue(db: Db, limit = 200): Promise<QueueRow[]> {
  return db('listings as l')
    .join('users as s', 's.id', 'l.seller_id')
    .leftJoin('sellers as sh', 'sh.user_id', 'l.seller_id')
    .join('categories as c', 'c.id', 'l.category_id')
    .leftJoin('users as cl', 'cl.id', 'l.claimed_by')
    .where('l.status', 'pending')
    .whereNull('l.deleted_at')
    .orderBy([
      { column: 'l.risk_score', order: 'desc' },
      { column: 'l.submitted_at', order: 'asc', nulls: 'last' },
      { column: 'l.id', order: 'asc' },
    ])
    .limit(limit)
    .select(
      'l.id',
      'l.title',
      'l.kind',
      'l.price',
      'l.start_price',
      'l.currency',
      'l.risk_score',
      'l.risk_reasons',
      'l.submitted_at',
      'l.hidden_at',
      'l.claimed_by',
      'l.claimed_until',
      'cl.display_name as claimer_name',
      'l.seller_id',
      's.display_name as seller_name',
      'sh.shop_name',
      'c.name as category_name',
      db.raw(`${openFlags} as open_flags`),
      db.raw(`${openFlagReasons} as flag_reasons`),
    );
}

/** How many listings wait for a decision (the admin header count). */
export async function pendingCount(db: Db): Promise<number> {
  const row = await db('listings').where({ status: 'pending' }).whereNull('deleted_at').count<{ n: string }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

/** One listing with everything the review page shows about it. */
export interface ReviewRow extends ModListingRow {
  seller_name: string;
  seller_email: string;
  seller_since: Date;
  shop_name: string | null;
  category_name: string;
  claimer_name: string | null;
}

export function reviewListing(db: Db, id: number): Promise<ReviewRow | undefined> {
  return db('listings as l')
    .join('users as s', 's.id', 'l.seller_id')
    .leftJoin('sellers as sh', 'sh.user_id', 'l.seller_id')
    .join('categories as c', 'c.id', 'l.category_id')
    .leftJoin('users as cl', 'cl.id', 'l.claimed_by')
    .where('l.id', id)
    .first(
      'l.*',
      's.display_name as seller_name',
      's.email as seller_email',
      's.created_at as seller_since',
      'sh.shop_name',
      'c.name as category_name',
      'cl.display_name as claimer_name',
    );
}

export interface VariantRow {
  id: number;
  options: Record<string, string>;
  sku: string;
  price: number;
  stock: number;
}

export function variantsOf(db: Db, listingId: number): Promise<VariantRow[]> {
  return db('listing_variants').where({ listing_id: listingId }).orderBy(['position', 'id']).select('id', 'options', 'sku', 'price', 'stock');
}

export interface FlagRow {
  id: number;
  reason: string;
  note: string;
  created_at: Date;
  resolved_at: Date | null;
  reporter_name: string;
}

export function flagsOf(db: Db, listingId: number): Promise<FlagRow[]> {
  return db('listing_flags as f')
    .join('users as u', 'u.id', 'f.reporter_id')
    .where('f.listing_id', listingId)
    .orderBy([{ column: 'f.resolved_at', order: 'desc', nulls: 'first' }, { column: 'f.id', order: 'desc' }])
    .select('f.id', 'f.reason', 'f.note', 'f.created_at', 'f.resolved_at', 'u.display_name as reporter_name');
}

/** The seller's record with moderators: decisions on their listings, from the audit log. */
export async function sellerHistory(db: Db, sellerId: number): Promise<{ approved: number; rejected: number; hidden: number; listings: number }> {
  const [decisions, totals] = await Promise.all([
    db('audit_log as a')
      .join('listings as l', function () {
        this.on('l.id', '=', 'a.subject_id').andOnVal('a.subject_type', '=', 'listing');
      })
      .where('l.seller_id', sellerId)
      .whereIn('a.action', ['listing.approve', 'listing.reject'])
      .groupBy('a.action')
      .select('a.action', db.raw('count(*)::int as n')),
    db('listings')
      .where({ seller_id: sellerId })
      .whereNull('deleted_at')
      .first(db.raw('count(*)::int as listings'), db.raw('count(hidden_at)::int as hidden')),
  ]);
  const by = new Map((decisions as { action: string; n: number }[]).map((d) => [d.action, d.n]));
  const t = totals as { listings: number; hidden: number } | undefined;
  return { approved: by.get('listing.approve') ?? 0, rejected: by.get('listing.reject') ?? 0, hidden: t?.hidden ?? 0, listings: t?.listings ?? 0 };
}

export function resolveFlags(trx: Db, listingId: number, now: Date): Promise<number> {
  return trx('listing_flags').where({ listing_id: listingId }).whereNull('resolved_at').update({ resolved_at: now });
}

/** Distinct people with an unresolved report on the listing. */
export async function openReporters(trx: Db, listingId: number): Promise<number> {
  const row = await trx('listing_flags').where({ listing_id: listingId }).whereNull('resolved_at').first(trx.raw('count(distinct reporter_id)::int as n'));
  return (row as { n: number } | undefined)?.n ?? 0;
}

export function hasFlagged(db: Db, listingId: number, reporterId: number): Promise<boolean> {
  return db('listing_flags').where({ listing_id: listingId, reporter_id: reporterId }).first('id').then(Boolean);
}

export function insertFlag(trx: Db, f: { listing_id: number; reporter_id: number; reason: string; note: string }) {
  return trx('listing_flags').insert(f);
}

/** Records a notice as sent; false when it already was (another sweep got there first). */
export async function markNotice(trx: Db, listingId: number, kind: string, expiresAt: Date): Promise<boolean> {
  const rows = await trx('listing_notices').insert({ listing_id: listingId, kind, expires_at: expiresAt }).onConflict(['listing_id', 'kind', 'expires_at']).ignore().returning('listing_id');
  return rows.length === 1;
}

/** Active listings whose expiry falls within the next `withinMs`. */
export function expiringSoon(db: Db, now: Date, until: Date, limit = 500): Promise<{ id: number; seller_id: number; title: string; expires_at: Date }[]> {
  return db('listings')
    .where({ status: 'active' })
    .whereNull('deleted_at')
    .where('expires_at', '>', now)
    .where('expires_at', '<=', until)
    .orderBy('expires_at')
    .limit(limit)
    .select('id', 'seller_id', 'title', 'expires_at');
}

/** Median price and sample size of the category's active listings (other than this one). */
export async function categoryPriceStats(db: Db, categoryId: number, currency: string, exceptId: number): Promise<{ median: number | null; samples: number }> {
  const row = await db('listings')
    .where({ category_id: categoryId, status: 'active', currency })
    .whereNull('deleted_at')
    .whereNotNull('price')
    .whereNot('id', exceptId)
    .first(db.raw('percentile_cont(0.5) within group (order by price) as median'), db.raw('count(*)::int as samples'));
  const r = row as { median: number | string | null; samples: number } | undefined;
  return { median: r?.median == null ? null : Number(r.median), samples: r?.samples ?? 0 };
}

export async function imageCount(db: Db, listingId: number): Promise<number> {
  const row = await db('listing_images').where({ listing_id: listingId }).first(db.raw('count(*)::int as n'));
  return (row as { n: number } | undefined)?.n ?? 0;
}
