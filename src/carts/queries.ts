import type { Knex } from 'knex';
import { fixedRows } from '../db.js';
import { kindsWith } from '../listings/kinds.js';
import type { ListingKind, ListingStatus, PriceUnit } from '../listings/queries.js';

type Db = Knex | Knex.Transaction;

/** Whose cart: a signed-in user's, or a visitor's (by their visitor cookie). */
export type CartOwner = { userId: number; visitorId?: undefined } | { userId?: undefined; visitorId: string };

export interface CartRow {
  id: number;
  user_id: number | null;
  visitor_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CartLineRow {
  id: number;
  cart_id: number;
  listing_id: number;
  variant_id: number | null;
  quantity: number;
  unit_price_seen: number;
  /** YYYY-MM-DD in cartLineDetails; a Date from the plain row readers */
  booking_date: string | Date | null;
  booking_note: string;
  added_at: Date;
}

/** What adding to a cart needs to know about a listing. */
export interface CartListing {
  id: number;
  seller_id: number;
  kind: ListingKind;
  status: ListingStatus;
  title: string;
  slug: string;
  currency: string;
  price: number | null;
  price_unit: PriceUnit | null;
  variant_axes: string[];
  expires_at: Date | null;
  hidden_at: Date | null;
  deleted_at: Date | null;
}

/** A cart line with what the cart page shows about its listing, variant and shop, as they are now. */
export interface CartLineDetail extends CartLineRow {
  booking_date: string | null;
  seller_id: number;
  kind: ListingKind;
  status: ListingStatus;
  title: string;
  slug: string;
  currency: string;
  listing_price: number | null;
  price_unit: PriceUnit | null;
  variant_axes: string[];
  expires_at: Date | null;
  hidden_at: Date | null;
  deleted_at: Date | null;
  has_variants: boolean;
  variant_exists: boolean;
  variant_price: number | null;
  variant_options: Record<string, string> | null;
  shop_name: string | null;
  seller_name: string;
  shipping_flat: number | null;
  shipping_free_over: number | null;
}

const ownerWhere = (owner: CartOwner) => (owner.userId !== undefined ? { user_id: owner.userId } : { visitor_id: owner.visitorId });

export function findCart(db: Db, owner: CartOwner): Promise<CartRow | undefined> {
  return db<CartRow>('carts').where(ownerWhere(owner)).first();
}

/** The owner's cart, created when missing, and locked: changes to one cart are serialized on its row. */
export async function lockOrCreateCart(trx: Knex.Transaction, owner: CartOwner): Promise<CartRow> {
  const where = ownerWhere(owner);
  await trx('carts').insert(where).onConflict(Object.keys(where)[0]).ignore();
  return (await trx<CartRow>('carts').where(where).forUpdate().first())!;
}

export function lockCart(trx: Knex.Transaction, owner: CartOwner): Promise<CartRow | undefined> {
  return trx<CartRow>('carts').where(ownerWhere(owner)).forUpdate().first();
}

export async function touchCart(db: Db, cartId: number, at: Date): Promise<void> {
  await db('carts').where({ id: cartId }).update({ updated_at: at });
}

export function deleteCart(db: Db, cartId: number): Promise<number> {
  return db('carts').where({ id: cartId }).delete();
}

export function cartListing(db: Db, id: number): Promise<CartListing | undefined> {
  return db('listings')
    .where({ id })
    .first('id', 'seller_id', 'kind', 'status', 'title', 'slug', 'currency', 'price', 'price_unit', 'variant_axes', 'expires_at', 'hidden_at', 'deleted_at');
}

export function listingVariant(db: Db, listingId: number, variantId: number): Promise<{ id: number; price: number; options: Record<string, string> } | undefined> {
  return db('listing_variants').where({ id: variantId, listing_id: listingId }).first('id', 'price', 'options');
}

export async function hasVariants(db: Db, listingId: number): Promise<boolean> {
  return Boolean(await db('listing_variants').where({ listing_id: listingId }).first('id'));
}

export function cartLines(db: Db, cartId: number): Promise<CartLineRow[]> {
  return db<CartLineRow>('cart_lines').where({ cart_id: cartId }).orderBy('id');
}

export function findLine(db: Db, cartId: number, lineId: number): Promise<CartLineRow | undefined> {
  return db<CartLineRow>('cart_lines').where({ cart_id: cartId, id: lineId }).first();
}

export function findSkuLine(db: Db, cartId: number, listingId: number, variantId: number | null): Promise<CartLineRow | undefined> {
  return db<CartLineRow>('cart_lines')
    .where({ cart_id: cartId, listing_id: listingId })
    .whereRaw('coalesce(variant_id, 0) = ?', [variantId ?? 0])
    .first();
}

export async function insertLine(
  db: Db,
  line: Pick<CartLineRow, 'cart_id' | 'listing_id' | 'variant_id' | 'quantity' | 'unit_price_seen' | 'booking_date' | 'booking_note'>,
): Promise<CartLineRow> {
  const [row] = await db<CartLineRow>('cart_lines').insert(line).returning('*');
  return row;
}

export async function updateLine(db: Db, lineId: number, patch: Partial<Pick<CartLineRow, 'quantity' | 'unit_price_seen' | 'booking_date' | 'booking_note'>>): Promise<void> {
  await db('cart_lines').where({ id: lineId }).update(patch);
}

export function deleteLines(db: Db, cartId: number, lineIds: number[]): Promise<number> {
  if (lineIds.length === 0) return Promise.resolve(0);
  return db('cart_lines').where({ cart_id: cartId }).whereIn('id', lineIds).delete();
}

/** Every line of a cart with its listing, variant and shop as they are now, oldest line first. */
export async function cartLineDetails(db: Db, cartId: number): Promise<CartLineDetail[]> {
  const { rows } = await db.raw<{ rows: CartLineDetail[] }>(
    `select cl.*, to_char(cl.booking_date, 'YYYY-MM-DD') as booking_date,
            l.seller_id, l.kind, l.status, l.title, l.slug, l.currency, l.price as listing_price, l.price_unit,
            l.variant_axes, l.expires_at, l.hidden_at, l.deleted_at,
            exists (select 1 from listing_variants x where x.listing_id = l.id) as has_variants,
            v.id is not null as variant_exists, v.price as variant_price, v.options as variant_options,
            s.shop_name, u.display_name as seller_name, s.shipping_flat, s.shipping_free_over
       from cart_lines cl
       join listings l on l.id = cl.listing_id
       join users u on u.id = l.seller_id
       left join sellers s on s.user_id = l.seller_id
       left join listing_variants v on v.id = cl.variant_id and v.listing_id = cl.listing_id
      where cl.cart_id = ?
      order by cl.id`,
    [cartId],
  );
  return rows;
}

/**
 * How many things are in the owner's cart, for the header: units of goods, one
 * per download or booking. One small statement; 0 when there is no cart.
 */
const cartCountOf = (owner: 'user_id' | 'visitor_id', ownerParam: string, kindsParam: string) => `select coalesce(sum(case when l.kind = any(${kindsParam}) then cl.quantity else 1 end), 0)::int as n
       from carts c join cart_lines cl on cl.cart_id = c.id join listings l on l.id = cl.listing_id
      where c.${owner} = ${ownerParam}`;
const CART_COUNT_SQL = { user: cartCountOf('user_id', '$2', '$1'), visitor: cartCountOf('visitor_id', '$2', '$1') };

/** The cart count of user `$1` (the counted kinds in `$3`) as an expression, for the statement that reads a page's header figures at once. */
export const USER_CART_COUNT_EXPR = `(${cartCountOf('user_id', '$1', '$3')})`;

export async function cartCount(db: Db, owner: CartOwner): Promise<number> {
  const [row] =
    owner.userId !== undefined
      ? await fixedRows<{ n: number }>(db, CART_COUNT_SQL.user, [kindsWith('stock'), owner.userId])
      : await fixedRows<{ n: number }>(db, CART_COUNT_SQL.visitor, [kindsWith('stock'), owner.visitorId]);
  return row?.n ?? 0;
}

/** Deletes visitor carts (and their lines) untouched since `before`. */
export function deleteVisitorCartsBefore(db: Db, before: Date): Promise<number> {
  return db('carts').whereNotNull('visitor_id').where('updated_at', '<', before).delete();
}
