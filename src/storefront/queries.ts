import type { Knex } from 'knex';
import type { ListingKind, ListingRow } from '../listings/queries.js';
import { buyerMaySeeWhere, listedWhere } from '../listings/visibility.js';

type Db = Knex | Knex.Transaction;

/** A listing as its public page shows it (the listing row's public columns), with its seller. */
export interface ListingPageRow
  extends Pick<
    ListingRow,
    | 'id' | 'seller_id' | 'category_id' | 'kind' | 'status' | 'title' | 'slug' | 'description' | 'seo_title' | 'seo_description'
    | 'condition' | 'city' | 'lat' | 'lng' | 'currency' | 'price' | 'price_unit' | 'stock' | 'reserved' | 'attributes' | 'variant_axes'
    | 'start_price' | 'reserve_price' | 'buy_now_price' | 'starts_at' | 'ends_at' | 'published_at' | 'expires_at' | 'hidden_at'
    | 'deleted_at' | 'promoted_until' | 'views' | 'favourites_count'
  > {
  shop_name: string | null;
  /** the shop's public address word (null: the seller has no shop) */
  shop_slug: string | null;
  seller_name: string;
  seller_since: Date;
  /** the shop's shipping charge (minor units) and its own words on shipping and returns ('' when it said nothing) */
  shipping_flat: number;
  shipping_free_over: number | null;
  shipping_policy: string;
  returns_policy: string;
  /** the shop's reviews: how many, and their average (null without reviews) */
  review_count: number;
  review_average: number | null;
}

/** One listing in a grid of results (home, similar listings, favourites). */
export interface TileRow {
  id: number;
  slug: string;
  title: string;
  kind: ListingKind;
  currency: string;
  /** the price, the lowest variant price, or the auction's start price */
  price: number | null;
  price_unit: string | null;
  city: string | null;
  promoted: boolean;
}

export type { VariantOnSale as VariantRow } from '../listings/availability.js';

export interface CategoryCrumb {
  id: number;
  name: string;
  slug: string;
}

export interface HomeCategory extends CategoryCrumb {
  listings: number;
}

// What is listed (search would return it); its one `?` is now. The partial indexes of migration 0004 cover exactly this.
const LIVE = listedWhere('l');

const TILE_COLUMNS = `l.id, l.slug, l.title, l.kind, l.currency, l.price_unit, l.city,
  coalesce(l.price, l.start_price, (select min(v.price) from listing_variants v where v.listing_id = l.id)) as price`;

// "Promoted" is shown only where a promotion decides the order (home); elsewhere a tile is just a tile.
const PROMOTED = `coalesce(l.promoted_until > ?, false) as promoted`;
const NOT_PROMOTED = `false as promoted`;

export async function findListingForPage(db: Db, id: number): Promise<ListingPageRow | undefined> {
  const { rows } = await db.raw<{ rows: ListingPageRow[] }>(
    `select l.id, l.seller_id, l.category_id, l.kind, l.status, l.title, l.slug, l.description, l.seo_title, l.seo_description,
            l.condition, l.city, l.lat, l.lng, l.currency, l.price, l.price_unit, l.stock, l.reserved, l.attributes, l.variant_axes,
            l.start_price, l.reserve_price, l.buy_now_price, l.starts_at, l.ends_at, l.published_at, l.expires_at, l.hidden_at,
            l.deleted_at, l.promoted_until, l.views, l.favourites_count,
            s.shop_name, s.slug as shop_slug, u.display_name as seller_name, coalesce(s.approved_at, u.created_at) as seller_since,
            coalesce(s.shipping_flat, 0) as shipping_flat, s.shipping_free_over,
            coalesce(s.shipping_policy, '') as shipping_policy, coalesce(s.returns_policy, '') as returns_policy,
            r.review_count, r.review_average
       from listings l join users u on u.id = l.seller_id left join sellers s on s.user_id = l.seller_id
       cross join lateral (
         select count(*)::int as review_count, round(avg(rating), 1)::float8 as review_average from shop_reviews where seller_id = l.seller_id
       ) r
      where l.id = ?`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  return { ...r, shipping_flat: Number(r.shipping_flat), shipping_free_over: r.shipping_free_over === null ? null : Number(r.shipping_free_over) };
}

/** How many of the seller's listings anyone can see right now. */
export async function sellerLiveCount(db: Db, sellerId: number, now: Date): Promise<number> {
  const { rows } = await db.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from listings l where l.seller_id = ? and ${LIVE}`, [sellerId, now]);
  return rows[0]?.n ?? 0;
}

/** The variants of a listing that can still be bought, in the seller's order. */
/** The category and its ancestors, the root first. */
export async function categoryTrail(db: Db, categoryId: number): Promise<(CategoryCrumb & { parent_id: number | null })[]> {
  const { rows } = await db.raw<{ rows: (CategoryCrumb & { parent_id: number | null })[] }>(
    `with recursive up(id, parent_id, name, slug, depth) as (
       select id, parent_id, name, slug, 0 from categories where id = ?
       union all
       select c.id, c.parent_id, c.name, c.slug, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 100
     ) select id, parent_id, name, slug from up order by depth desc`,
    [categoryId],
  );
  return rows;
}

/**
 * Live listings near this one: the same category first, then the rest of the
 * parent category's subtree (siblings and their children), newest first.
 */
export async function similarListings(db: Db, listing: { id: number; category_id: number }, scopeCategoryId: number, now: Date, limit = 6): Promise<TileRow[]> {
  const { rows } = await db.raw<{ rows: TileRow[] }>(
    `with recursive scope(id, depth) as (
       select id, 0 from categories where id = ?
       union all
       select c.id, scope.depth + 1 from categories c join scope on c.parent_id = scope.id where scope.depth < 100
     )
     select ${TILE_COLUMNS}, ${NOT_PROMOTED}
       from listings l
      where l.category_id in (select id from scope) and l.id <> ? and ${LIVE}
      order by (l.category_id = ?) desc, l.published_at desc nulls last, l.id desc
      limit ?`,
    [scopeCategoryId, listing.id, now, listing.category_id, limit],
  );
  return rows;
}

/** Top-level categories in their order, each with how many live listings its subtree holds. */
export async function topCategories(db: Db, now: Date): Promise<HomeCategory[]> {
  const { rows } = await db.raw<{ rows: HomeCategory[] }>(
    `with recursive tree(id, root_id, depth) as (
       select id, id, 0 from categories where parent_id is null and retired_at is null
       union all
       select c.id, tree.root_id, tree.depth + 1 from categories c join tree on c.parent_id = tree.id where c.retired_at is null and tree.depth < 100
     ),
     counts as (
       select tree.root_id, count(l.id)::int as n
         from tree join listings l on l.category_id = tree.id
        where ${LIVE}
        group by tree.root_id
     )
     select c.id, c.name, c.slug, coalesce(counts.n, 0) as listings
       from categories c left join counts on counts.root_id = c.id
      where c.parent_id is null and c.retired_at is null
      order by c.position, c.name, c.id`,
    [now],
  );
  return rows;
}

/** The newest live listings. */
export async function newestListings(db: Db, now: Date, limit: number): Promise<TileRow[]> {
  const { rows } = await db.raw<{ rows: TileRow[] }>(
    `select ${TILE_COLUMNS}, ${NOT_PROMOTED} from listings l where ${LIVE} order by l.published_at desc nulls last, l.id desc limit ?`,
    [now, limit],
  );
  return rows;
}

/** Live listings with a running promotion, the highest weight first. */
export async function promotedListings(db: Db, now: Date, limit: number): Promise<TileRow[]> {
  const { rows } = await db.raw<{ rows: TileRow[] }>(
    `select ${TILE_COLUMNS}, ${PROMOTED} from listings l
      where l.promoted_until > ? and ${LIVE}
      order by l.promoted_weight desc, l.published_at desc nulls last, l.id desc limit ?`,
    [now, now, now, limit],
  );
  return rows;
}

export async function hasFlagged(db: Db, userId: number, listingId: number): Promise<boolean> {
  return Boolean(await db('listing_flags').where({ listing_id: listingId, reporter_id: userId }).first('id'));
}

export async function isFavourite(db: Db, userId: number, listingId: number): Promise<boolean> {
  return Boolean(await db('favourites').where({ user_id: userId, listing_id: listingId }).first('listing_id'));
}

/** True when this call added the favourite (false when it was already there). */
export async function insertFavourite(trx: Db, userId: number, listingId: number): Promise<boolean> {
  const rows = await trx('favourites').insert({ user_id: userId, listing_id: listingId }).onConflict(['user_id', 'listing_id']).ignore().returning('listing_id');
  return rows.length > 0;
}

/** True when this call removed the favourite. */
export async function deleteFavourite(trx: Db, userId: number, listingId: number): Promise<boolean> {
  return (await trx('favourites').where({ user_id: userId, listing_id: listingId }).delete()) > 0;
}

/** A favourite as the favourites page lists it; `live` is false once the listing cannot be seen. */
export interface FavouriteRow extends TileRow {
  live: boolean;
  favourited_at: Date;
}

/** The user's favourites, the most recently added first. */
export async function favouritesOf(db: Db, userId: number, now: Date): Promise<FavouriteRow[]> {
  const { rows } = await db.raw<{ rows: FavouriteRow[] }>(
    `select ${TILE_COLUMNS}, ${NOT_PROMOTED}, f.created_at as favourited_at,
            (${buyerMaySeeWhere('l')}) as live
       from favourites f join listings l on l.id = f.listing_id
      where f.user_id = ?
      order by f.created_at desc, l.id desc
      limit 500`,
    [now, userId],
  );
  return rows;
}

export async function displayName(db: Db, userId: number): Promise<{ display_name: string } | undefined> {
  return db('users').where({ id: userId }).first('display_name');
}

export async function listingTitle(db: Db, listingId: number): Promise<{ id: number; slug: string; title: string } | undefined> {
  return db('listings').where({ id: listingId }).first('id', 'slug', 'title');
}
