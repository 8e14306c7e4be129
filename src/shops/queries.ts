import type { Knex } from 'knex';
import { listedWhere } from '../listings/visibility.js';
import type { TileRow } from '../storefront/queries.js';

type Db = Knex | Knex.Transaction;

/** A shop as its public page shows it. */
export interface ShopRow {
  user_id: number;
  slug: string;
  shop_name: string;
  description: string;
  shipping_policy: string;
  returns_policy: string;
  logo_key: string | null;
  banner_key: string | null;
  shipping_flat: number;
  shipping_free_over: number | null;
  approved_at: Date;
  owner_name: string;
  blocked: boolean;
}

/** A shop's rating from its reviews (null average when it has none). */
export interface ShopRating {
  count: number;
  average: number | null;
}

export interface ReviewRow {
  id: number;
  rating: number;
  body: string;
  created_at: Date;
  buyer_name: string;
}

/** What a seller edits about their shop. */
export interface ShopProfile {
  shop_name: string;
  description: string;
  shipping_policy: string;
  returns_policy: string;
}

const SHOP_COLUMNS = `s.user_id, s.slug, s.shop_name, s.description, s.shipping_policy, s.returns_policy, s.logo_key, s.banner_key,
  s.shipping_flat, s.shipping_free_over, s.approved_at, u.display_name as owner_name, (u.blocked_at is not null) as blocked`;

function normalize(r: ShopRow | undefined): ShopRow | undefined {
  if (!r) return undefined;
  return {
    ...r,
    user_id: Number(r.user_id),
    shipping_flat: Number(r.shipping_flat),
    shipping_free_over: r.shipping_free_over === null ? null : Number(r.shipping_free_over),
  };
}

export async function findShopBySlug(db: Db, slug: string): Promise<ShopRow | undefined> {
  const { rows } = await db.raw<{ rows: ShopRow[] }>(`select ${SHOP_COLUMNS} from sellers s join users u on u.id = s.user_id where s.slug = ?`, [slug]);
  return normalize(rows[0]);
}

export async function findShopOfSeller(db: Db, sellerId: number): Promise<ShopRow | undefined> {
  const { rows } = await db.raw<{ rows: ShopRow[] }>(`select ${SHOP_COLUMNS} from sellers s join users u on u.id = s.user_id where s.user_id = ?`, [sellerId]);
  return normalize(rows[0]);
}

const LIVE = listedWhere('l');
const TILE_COLUMNS = `l.id, l.slug, l.title, l.kind, l.currency, l.price_unit, l.city, false as promoted,
  coalesce(l.price, l.start_price, (select min(v.price) from listing_variants v where v.listing_id = l.id)) as price`;

/** The words of a search inside one shop: full text (stemmed, like search) or a piece of the title. */
function matching(q: string): { text: string; values: string[] } {
  if (!q) return { text: '', values: [] };
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { text: `and (l.search_vector @@ websearch_to_tsquery('english', ?) or l.title ilike ?)`, values: [q, like] };
}

/** One page of a shop's live listings, newest first (best text match first when searching), and how many there are in all. */
export async function shopListings(db: Db, sellerId: number, opts: { q: string; offset: number; limit: number; now: Date }): Promise<{ tiles: TileRow[]; total: number }> {
  const m = matching(opts.q);
  const rank = opts.q ? `ts_rank(l.search_vector, websearch_to_tsquery('english', ?)) desc, ` : '';
  const rankValues = opts.q ? [opts.q] : [];
  const [list, count] = await Promise.all([
    db.raw<{ rows: TileRow[] }>(
      `select ${TILE_COLUMNS} from listings l
        where l.seller_id = ? and ${LIVE} ${m.text}
        order by ${rank}l.published_at desc nulls last, l.id desc
        limit ? offset ?`,
      [sellerId, opts.now, ...m.values, ...rankValues, opts.limit, opts.offset],
    ),
    db.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from listings l where l.seller_id = ? and ${LIVE} ${m.text}`, [sellerId, opts.now, ...m.values]),
  ]);
  return { tiles: list.rows.map((t) => ({ ...t, id: Number(t.id), price: t.price === null ? null : Number(t.price) })), total: count.rows[0]?.n ?? 0 };
}

export async function shopRating(db: Db, sellerId: number): Promise<ShopRating> {
  const { rows } = await db.raw<{ rows: { count: number; average: string | null }[] }>(
    `select count(*)::int as count, round(avg(rating), 1)::text as average from shop_reviews where seller_id = ?`,
    [sellerId],
  );
  const r = rows[0];
  return { count: r?.count ?? 0, average: r?.average === null || r?.average === undefined ? null : Number(r.average) };
}

export async function recentReviews(db: Db, sellerId: number, limit = 5): Promise<ReviewRow[]> {
  const { rows } = await db.raw<{ rows: ReviewRow[] }>(
    `select r.id, r.rating, r.body, r.created_at, u.display_name as buyer_name
       from shop_reviews r join users u on u.id = r.buyer_id
      where r.seller_id = ?
      order by r.created_at desc, r.id desc
      limit ?`,
    [sellerId, limit],
  );
  return rows;
}

/** Saves what the seller edits; false when the user has no shop. */
export async function updateShopProfile(db: Db, sellerId: number, p: ShopProfile): Promise<boolean> {
  return (await db('sellers').where({ user_id: sellerId }).update(p)) > 0;
}

/** Points the shop's logo or banner at a new stored file and returns the key it replaced (null: none). */
export async function swapShopImage(trx: Knex.Transaction, sellerId: number, which: 'logo' | 'banner', key: string | null): Promise<{ old: string | null } | undefined> {
  const column = which === 'logo' ? 'logo_key' : 'banner_key';
  const row = await trx('sellers').where({ user_id: sellerId }).forUpdate().first(column);
  if (!row) return undefined;
  await trx('sellers').where({ user_id: sellerId }).update({ [column]: key });
  return { old: (row as Record<string, string | null>)[column] };
}

/** Whether a stored key is a shop's logo or banner (the only shop files served). */
export async function isShopImage(db: Db, key: string): Promise<boolean> {
  return Boolean(await db('sellers').where({ logo_key: key }).orWhere({ banner_key: key }).first('user_id'));
}

/** Which of these store keys are a shop's logo or banner (so the orphan sweep keeps them). */
export async function referencedShopKeys(db: Db, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.raw<{ rows: { key: string }[] }>(
    `select logo_key as key from sellers where logo_key = any(?) union select banner_key from sellers where banner_key = any(?)`,
    [keys, keys],
  );
  return rows.map((r) => r.key);
}

/** The public address word of a seller's shop. */
export async function shopSlugOf(db: Db, sellerId: number): Promise<string | undefined> {
  const row = await db('sellers').where({ user_id: sellerId }).first('slug');
  return row?.slug as string | undefined;
}
