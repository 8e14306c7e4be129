import type { Knex } from 'knex';
import { hashPassword } from '../src/accounts/passwords.js';
import type { UserRow } from '../src/accounts/queries.js';
import { kindTraits } from '../src/listings/kinds.js';
import type { ListingKind, ListingStatus } from '../src/listings/queries.js';

/** Shared by tests and seeds: build realistic rows with sensible defaults. */
let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export const DEFAULT_PASSWORD = 'correct horse battery';

let cachedHash: Promise<string> | null = null;
function hashFor(password: string): Promise<string> {
  if (password !== DEFAULT_PASSWORD) return hashPassword(password);
  return (cachedHash ??= hashPassword(DEFAULT_PASSWORD));
}

export async function createUser(
  db: Knex,
  over: Partial<{ email: string; display_name: string; password: string; is_admin: boolean }> = {},
): Promise<UserRow & { password: string }> {
  const id = next();
  const password = over.password ?? DEFAULT_PASSWORD;
  const [row] = await db<UserRow>('users')
    .insert({
      email: over.email ?? `user-${id}@example.test`,
      display_name: over.display_name ?? `User ${id}`,
      password_hash: await hashFor(password),
      is_admin: over.is_admin ?? false,
    })
    .returning('*');
  return { ...row, password };
}

export function createAdmin(db: Knex, over: Parameters<typeof createUser>[1] = {}) {
  return createUser(db, { display_name: 'Admin', ...over, is_admin: true });
}

/** A user with an approved shop. */
export async function createSeller(db: Knex, over: Parameters<typeof createUser>[1] & { shop_name?: string } = {}) {
  const { shop_name, ...userOver } = over;
  const user = await createUser(db, userOver);
  const name = shop_name ?? `Shop ${next()}`;
  await db('seller_applications').insert({ user_id: user.id, shop_name: name, description: 'Handmade things, shipped with care.', status: 'approved', decided_at: db.fn.now() });
  await db('sellers').insert({ user_id: user.id, shop_name: name, description: 'Handmade things, shipped with care.' });
  return { ...user, shop_name: name };
}

export async function createApplication(db: Knex, userId: number, over: Partial<{ shop_name: string; description: string }> = {}) {
  const [row] = await db('seller_applications')
    .insert({ user_id: userId, shop_name: over.shop_name ?? `Shop ${next()}`, description: over.description ?? 'We sell vintage lamps and restore them by hand.' })
    .returning('*');
  return row as { id: number; user_id: number; shop_name: string };
}

export type { ListingKind, ListingStatus };

export interface ListingOver {
  seller_id: number;
  category_id: number;
  kind?: ListingKind;
  status?: ListingStatus;
  title?: string;
  description?: string;
  price?: number | null;
  stock?: number | null;
  condition?: 'new' | 'used' | 'refurbished' | null;
  city?: string | null;
  lat?: number | null;
  lng?: number | null;
  attributes?: Record<string, unknown>;
  published_at?: Date | null;
  expires_at?: Date | null;
  submitted_at?: Date | null;
  [column: string]: unknown;
}

/** A listing row written directly (no rules run): for tests and demo data. Active listings get published/expiry times. */
export async function createListing(db: Knex, over: ListingOver) {
  const id = next();
  const kind = over.kind ?? 'fixed';
  const status = over.status ?? 'active';
  const title = over.title ?? `Listing ${id}`;
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'listing'}-${id}`;
  const now = Date.now();
  const has = kindTraits[kind];
  const live = status === 'active' || status === 'paused' || status === 'sold_out' || status === 'expired';
  const [row] = await db('listings')
    .insert({
      kind,
      status,
      title,
      slug,
      description: 'A well-kept item, described honestly.',
      price: has.price ? 2500 : null,
      price_unit: has.booking ? 'hour' : null,
      stock: has.stock ? 5 : null,
      condition: has.condition ? 'used' : null,
      city: 'Lisbon',
      start_price: has.bids ? 1000 : null,
      starts_at: has.bids ? new Date(now) : null,
      ends_at: has.bids ? new Date(now + 7 * 86_400_000) : null,
      submitted_at: status === 'draft' ? null : new Date(now),
      published_at: live ? new Date(now) : null,
      expires_at: live ? new Date(now + 30 * 86_400_000) : null,
      ...over,
      attributes: JSON.stringify(over.attributes ?? {}),
    })
    .returning('*');
  return row as { id: number; slug: string; title: string; seller_id: number; category_id: number; status: ListingStatus; kind: ListingKind };
}

/** A category with an optional attribute schema, written directly. */
export async function createCategoryRow(
  db: Knex,
  over: { name?: string; parent_id?: number | null; attributes?: { key: string; label?: string; type: 'text' | 'number' | 'enum' | 'boolean'; unit?: string; options?: string[]; required?: boolean; filterable?: boolean }[] } = {},
) {
  const id = next();
  const name = over.name ?? `Category ${id}`;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'category'}-${id}`;
  const [row] = await db('categories').insert({ name, slug, parent_id: over.parent_id ?? null }).returning('*');
  for (const [i, a] of (over.attributes ?? []).entries()) {
    await db('category_attributes').insert({
      category_id: row.id,
      key: a.key,
      label: a.label ?? a.key,
      type: a.type,
      unit: a.unit ?? null,
      options: a.options ? JSON.stringify(a.options) : null,
      required: a.required ?? false,
      filterable: a.filterable ?? false,
      position: i,
    });
  }
  return row as { id: number; name: string; slug: string; parent_id: number | null };
}
