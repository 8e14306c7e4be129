import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { kindsWith, kindTraits } from './kinds.js';
import { syncStockStatus } from './lifecycle.js';
import type { ListingKind } from './queries.js';

type Db = Knex | Knex.Transaction;

/** Tells each listing's open pages that its units left changed (their price box is pushed again; storefront/live.tsx). */
async function unitsChanged(trx: Knex.Transaction, skus: readonly { listingId: number }[]): Promise<void> {
  for (const listingId of [...new Set(skus.map((s) => s.listingId))].sort((a, b) => a - b)) await emit(trx, 'listing.units_changed', { listingId });
}

/** One stock-keeping unit: a listing without variants, or one variant of it. */
export interface Sku {
  listingId: number;
  variantId: number | null;
}

export interface SkuQuantity extends Sku {
  quantity: number;
}

export type MovementKind = 'reserved' | 'released' | 'sold' | 'restocked' | 'adjusted' | 'returned';

/** The key a SKU goes by in maps: `listing:variant` (0 without a variant). */
export const skuKey = (s: Sku): string => `${s.listingId}:${s.variantId ?? 0}`;

/** Too few units were left of a SKU: nothing was reserved. */
export class OutOfStock extends Error {
  constructor(
    readonly sku: Sku,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(available <= 0 ? 'Someone just bought the last one.' : `Only ${available} left.`);
    this.name = 'OutOfStock';
  }
}

/**
 * Units a buyer can still take per SKU (stock − reserved), or null for SKUs that
 * are not counted (digital goods, services). Listings that are not counted at all
 * answer null too. The one place that subtracts reservations from stock.
 */
export async function availableUnits(db: Db, skus: readonly Sku[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (!skus.length) return out;
  const listingIds = [...new Set(skus.map((s) => s.listingId))];
  const variantIds = [...new Set(skus.map((s) => s.variantId).filter((v): v is number => v !== null))];
  const [listings, variants] = await Promise.all([
    db('listings').whereIn('id', listingIds).select('id', 'kind', 'stock', 'reserved'),
    variantIds.length ? db('listing_variants').whereIn('id', variantIds).select('id', 'listing_id', 'stock', 'reserved') : Promise.resolve([]),
  ]);
  const byListing = new Map(listings.map((l: { id: number }) => [Number(l.id), l]));
  const byVariant = new Map(variants.map((v: { id: number }) => [Number(v.id), v]));
  for (const s of skus) {
    const l = byListing.get(s.listingId) as { kind: ListingKind; stock: number | null; reserved: number } | undefined;
    if (!l || !kindTraits[l.kind]?.stock) {
      out.set(skuKey(s), null);
      continue;
    }
    if (s.variantId !== null) {
      const v = byVariant.get(s.variantId) as { listing_id: number; stock: number; reserved: number } | undefined;
      out.set(skuKey(s), v && Number(v.listing_id) === s.listingId ? Math.max(0, v.stock - v.reserved) : 0);
    } else out.set(skuKey(s), l.stock === null ? null : Math.max(0, l.stock - l.reserved));
  }
  return out;
}

/** A variant a buyer can still choose, with the units left of it. */
export interface VariantOnSale {
  id: number;
  options: Record<string, string>;
  sku: string;
  price: number;
  available: number;
}

/** What a listing's page offers: its variants with units left, or the units left of the listing itself (null: not counted). */
export async function unitsOnSale(db: Db, listing: { id: number; kind: ListingKind }): Promise<{ left: number | null; variants: VariantOnSale[] }> {
  if (!kindTraits[listing.kind].stock) return { left: null, variants: [] };
  const { rows } = await db.raw<{ rows: VariantOnSale[] }>(
    `select id, options, sku, price, stock - reserved as available
       from listing_variants where listing_id = ? and stock - reserved > 0
      order by position, id`,
    [listing.id],
  );
  const left = (await availableUnits(db, [{ listingId: listing.id, variantId: null }])).get(skuKey({ listingId: listing.id, variantId: null })) ?? null;
  return { left, variants: rows.map((v) => ({ ...v, id: Number(v.id), price: Number(v.price), available: Number(v.available) })) };
}

/** Sums quantities per SKU and orders SKUs by id, so concurrent checkouts lock rows in one order. */
export function bySku(lines: readonly SkuQuantity[]): SkuQuantity[] {
  const sums = new Map<string, SkuQuantity>();
  for (const l of lines) {
    const k = skuKey(l);
    const had = sums.get(k);
    sums.set(k, { listingId: l.listingId, variantId: l.variantId, quantity: (had?.quantity ?? 0) + l.quantity });
  }
  // variant rows and listing rows live in two tables: take all listing rows first, then variants, each by id
  return [...sums.values()].sort((a, b) => (a.variantId === null ? 0 : 1) - (b.variantId === null ? 0 : 1) || a.listingId - b.listingId || (a.variantId ?? 0) - (b.variantId ?? 0));
}

async function counted(trx: Knex.Transaction, lines: readonly SkuQuantity[]): Promise<SkuQuantity[]> {
  const ids = [...new Set(lines.map((l) => l.listingId))];
  if (!ids.length) return [];
  const stocked = new Set((await trx('listings').whereIn('id', ids).whereIn('kind', kindsWith('stock')).pluck('id')).map(Number));
  return bySku(lines.filter((l) => stocked.has(l.listingId) && l.quantity > 0));
}

type MovementRef = { orderId?: number | null; actorId?: number | null; note?: string };

async function movement(trx: Knex.Transaction, s: SkuQuantity, kind: MovementKind, ref: MovementRef): Promise<void> {
  await movements(trx, [s], kind, ref);
}

/** One statement for the movements of several SKUs (an order's lines move together). */
async function movements(trx: Knex.Transaction, skus: readonly SkuQuantity[], kind: MovementKind, ref: MovementRef): Promise<void> {
  if (!skus.length) return;
  await trx('stock_movements').insert(skus.map((s) => ({ listing_id: s.listingId, variant_id: s.variantId, kind, quantity: s.quantity, order_id: ref.orderId ?? null, actor_id: ref.actorId ?? null, note: ref.note ?? '' })));
}

/**
 * Reserves units for an order: one conditional UPDATE per SKU (quantities summed
 * first, SKUs in id order), each succeeding only while enough units are free and
 * the listing is on sale. Throws OutOfStock (and the caller's transaction rolls
 * back every reservation made before it) when one SKU falls short.
 */
export async function reserve(trx: Knex.Transaction, lines: readonly SkuQuantity[], orderId: number): Promise<void> {
  const skus = await counted(trx, lines);
  for (const s of skus) {
    const onSale = trx.raw(`exists (select 1 from listings l where l.id = ? and l.status = 'active' and l.hidden_at is null and l.deleted_at is null)`, [s.listingId]);
    const updated =
      s.variantId === null
        ? await trx('listings').where({ id: s.listingId }).whereRaw('stock - reserved >= ?', [s.quantity]).whereRaw(onSale).increment('reserved', s.quantity).returning('id')
        : await trx('listing_variants').where({ id: s.variantId, listing_id: s.listingId }).whereRaw('stock - reserved >= ?', [s.quantity]).whereRaw(onSale).increment('reserved', s.quantity).returning('id');
    if (!updated.length) {
      const left = (await availableUnits(trx, [s])).get(skuKey(s)) ?? 0;
      const live = await trx('listings').where({ id: s.listingId, status: 'active' }).whereNull('hidden_at').whereNull('deleted_at').first('id');
      throw new OutOfStock(s, s.quantity, live ? left : 0);
    }
  }
  await movements(trx, skus, 'reserved', { orderId });
  await unitsChanged(trx, skus);
}

/**
 * Locks the rows a sale or a restock of these lines changes, in the order
 * reserve() and sell() take them (SKU rows, then their listings by id), for a
 * caller that must lock other rows (a buyer's balance) before it sells: taking
 * the stock first keeps one lock order with checkouts, so they cannot deadlock.
 */
export async function lockStock(trx: Knex.Transaction, lines: readonly SkuQuantity[]): Promise<void> {
  const skus = await counted(trx, lines);
  for (const s of skus) await trx(s.variantId === null ? 'listings' : 'listing_variants').where({ id: s.variantId ?? s.listingId }).forNoKeyUpdate().first('id');
  for (const id of [...new Set(skus.map((s) => s.listingId))].sort((a, b) => a - b)) await trx('listings').where({ id }).forNoKeyUpdate().first('id');
}

/** Gives reserved units back (an unpaid order expired or was cancelled before payment). */
export async function release(trx: Knex.Transaction, lines: readonly SkuQuantity[], orderId: number): Promise<void> {
  const skus = await counted(trx, lines);
  for (const s of skus) {
    const table = s.variantId === null ? 'listings' : 'listing_variants';
    const id = s.variantId ?? s.listingId;
    const n = await trx(table).where({ id }).where('reserved', '>=', s.quantity).decrement('reserved', s.quantity);
    if (!n) throw new Error(`stock reservation of ${skuKey(s)} is smaller than ${s.quantity}`);
    await movement(trx, s, 'released', { orderId });
  }
  await unitsChanged(trx, skus);
}

/**
 * Turns reserved units into sold ones (payment arrived): stock and reserved both
 * drop. A listing whose stock reaches 0 becomes sold out, and its seller hears
 * when stock falls to their low-stock threshold.
 */
export async function sell(trx: Knex.Transaction, lines: readonly SkuQuantity[], orderId: number): Promise<void> {
  const sold = new Map<number, number>();
  const emptied = new Set<number>();
  const skus = await counted(trx, lines);
  for (const s of skus) {
    const table = s.variantId === null ? 'listings' : 'listing_variants';
    const id = s.variantId ?? s.listingId;
    const [row] = await trx(table)
      .where({ id })
      .where('reserved', '>=', s.quantity)
      .update({ stock: trx.raw('stock - ?', [s.quantity]), reserved: trx.raw('reserved - ?', [s.quantity]) })
      .returning('stock');
    if (!row) throw new Error(`stock reservation of ${skuKey(s)} is smaller than ${s.quantity}`);
    sold.set(s.listingId, (sold.get(s.listingId) ?? 0) + s.quantity);
    // only a SKU that reached 0 can take its listing off sale
    if (Number(row.stock) <= 0) emptied.add(s.listingId);
  }
  await movements(trx, skus, 'sold', { orderId });
  for (const listingId of [...emptied].sort((a, b) => a - b)) await syncStockStatus(trx, listingId);
  await alertLowStock(trx, sold);
}

/** Sold units come back to stock (an order cancelled or refunded after payment). */
export async function putBack(trx: Knex.Transaction, lines: readonly SkuQuantity[], orderId: number, kind: 'returned' | 'restocked' = 'returned'): Promise<void> {
  const listings = new Set<number>();
  for (const s of await counted(trx, lines)) {
    const table = s.variantId === null ? 'listings' : 'listing_variants';
    await trx(table).where({ id: s.variantId ?? s.listingId }).increment('stock', s.quantity);
    await movement(trx, s, kind, { orderId });
    listings.add(s.listingId);
  }
  for (const listingId of [...listings].sort((a, b) => a - b)) await syncStockStatus(trx, listingId);
  await unitsChanged(trx, [...listings].map((listingId) => ({ listingId })));
}

/** Records a seller's own change of a SKU's stock (the form or the dashboard). */
export async function recordAdjustment(trx: Knex.Transaction, sku: Sku, delta: number, actorId: number | null): Promise<void> {
  if (delta === 0) return;
  await movement(trx, { ...sku, quantity: delta }, 'adjusted', { actorId, note: 'Stock set by the seller' });
}

/** One line of a listing's stock history; `sku` is null for the listing itself and for a variant since removed. */
export interface StockMovement {
  id: number;
  variant_id: number | null;
  sku: string | null;
  kind: MovementKind;
  quantity: number;
  order_id: number | null;
  actor_id: number | null;
  note: string;
  created_at: Date;
}

/** A listing's movements, newest first, for the seller's stock history. */
export async function stockHistory(db: Db, listingId: number, limit = 50): Promise<StockMovement[]> {
  return db('stock_movements as m')
    .leftJoin('listing_variants as v', 'v.id', 'm.variant_id')
    .where('m.listing_id', listingId)
    .orderBy('m.id', 'desc')
    .limit(limit)
    .select('m.id', 'm.variant_id', 'v.sku', 'm.kind', 'm.quantity', 'm.order_id', 'm.actor_id', 'm.note', 'm.created_at');
}

/**
 * Emits `stock.low` when a sale takes the free units of a listing across the
 * seller's threshold, and again when it takes the last one (the listing goes off
 * sale), so a seller already told "only 2 left" still hears it sold out.
 */
async function alertLowStock(trx: Knex.Transaction, sold: ReadonlyMap<number, number>): Promise<void> {
  if (!sold.size) return;
  const rows = await trx('listings as l')
    .join('sellers as s', 's.user_id', 'l.seller_id')
    .whereIn('l.id', [...sold.keys()])
    .orderBy('l.id')
    .select(
      'l.id',
      'l.seller_id',
      'l.title',
      's.low_stock_threshold',
      trx.raw(`coalesce((select sum(v.stock - v.reserved) from listing_variants v where v.listing_id = l.id), l.stock - l.reserved)::int as free`),
    );
  for (const row of rows) {
    const n = sold.get(Number(row.id)) ?? 0;
    if (row.free === null || row.free > row.low_stock_threshold) continue;
    const crossed = row.free + n > row.low_stock_threshold;
    const soldOut = row.free <= 0 && row.free + n > 0;
    if (!crossed && !soldOut) continue;
    await emit(trx, 'stock.low', { listingId: Number(row.id), userId: Number(row.seller_id), sellerId: Number(row.seller_id), title: row.title, left: row.free });
  }
}
