import type { Knex } from 'knex';
import { z } from 'zod';
import { shopNameTaken } from '../sellers/queries.js';
import { updateShopProfile, type ShopProfile } from './queries.js';

/** Listings per page of a shop. */
export const SHOP_PAGE_SIZE = 24;
/** The longest search inside a shop. */
export const SHOP_QUERY_MAX = 100;
export const POLICY_MAX = 2000;

// Postgres refuses a NUL byte in text: refused here, with a message, instead of failing the save
const text = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' ? v : ''), schema.refine((s) => !s.includes('\0'), 'Remove the invisible control character from this text.'));

/** The seller's shop form (the pictures come as files beside it). */
export const shopSchema = z.object({
  shop_name: text(z.string().trim().min(3, 'Use at least 3 characters.').max(60, 'Use at most 60 characters.')),
  description: text(z.string().trim().min(20, 'Tell buyers a little more (at least 20 characters).').max(2000, 'Use at most 2000 characters.')),
  shipping_policy: text(z.string().trim().max(POLICY_MAX, `Use at most ${POLICY_MAX} characters.`)),
  returns_policy: text(z.string().trim().max(POLICY_MAX, `Use at most ${POLICY_MAX} characters.`)),
  remove_logo: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
  remove_banner: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
});
export type ShopInput = z.infer<typeof shopSchema>;

/** The search and page of a shop page; anything unreadable falls back to the first page and no search. */
export function shopQuery(query: Record<string, unknown>): { q: string; page: number } {
  const raw = typeof query.q === 'string' ? query.q : '';
  const q = raw.replace(/[\0-\x1f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, SHOP_QUERY_MAX);
  const p = typeof query.page === 'string' && /^\d{1,4}$/.test(query.page) ? Number(query.page) : 1;
  return { q, page: Math.max(1, p) };
}

export type SaveShopResult = { ok: true } | { ok: false; field: 'shop_name' | 'form'; message: string };

/** Saves the seller's own shop; the name stays unique among shops (its address does not change with it). */
export async function saveShop(db: Knex, sellerId: number, input: ShopProfile): Promise<SaveShopResult> {
  if (await shopNameTaken(db, input.shop_name, sellerId)) return { ok: false, field: 'shop_name', message: 'That shop name is taken. Choose another.' };
  try {
    if (!(await updateShopProfile(db, sellerId, input))) return { ok: false, field: 'form', message: 'Only sellers have a shop. Apply to sell first.' };
  } catch (err) {
    // two sellers renaming to the same name at once: the unique index decides
    if ((err as { code?: string }).code === '23505') return { ok: false, field: 'shop_name', message: 'That shop name is taken. Choose another.' };
    throw err;
  }
  return { ok: true };
}
