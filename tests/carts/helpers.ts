import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, type ListingOver } from '../factories.js';
import { text, type Client, type Page } from '../http.js';

export const flash = (page: Page) => text(page.doc.querySelector('#flash'));
export const headerCount = (page: Page) => text(page.doc.querySelector('#cart-count'));

/** A seller with a shop, and a listing of theirs (fixed price, 5 in stock, €25 unless told otherwise). */
export async function sellerWithListing(db: Knex, over: Partial<ListingOver> = {}, shop: { flat?: number; freeOver?: number | null } = {}) {
  const seller = await createSeller(db);
  if (shop.flat !== undefined || shop.freeOver !== undefined) await db('sellers').where({ user_id: seller.id }).update({ shipping_flat: shop.flat ?? 0, shipping_free_over: shop.freeOver ?? null });
  const category = await createCategoryRow(db);
  const listing = await createListing(db, { seller_id: seller.id, category_id: category.id, ...over });
  return { seller, listing, category };
}

/** Another listing of the same seller. */
export function moreOf(db: Knex, s: { seller: { id: number }; category: { id: number } }, over: Partial<ListingOver> = {}) {
  return createListing(db, { seller_id: s.seller.id, category_id: s.category.id, ...over });
}

/** A fixed-price listing with variants (size × colour), each with its own price and stock. */
export async function withVariants(db: Knex, sellerId: number, categoryId: number, variants: { options: Record<string, string>; price: number; stock: number }[]) {
  const listing = await createListing(db, { seller_id: sellerId, category_id: categoryId, stock: null, variant_axes: ['size', 'colour'] });
  const rows: { id: number }[] = [];
  for (const [i, v] of variants.entries()) {
    const [row] = await db('listing_variants')
      .insert({ listing_id: listing.id, options: JSON.stringify(v.options), sku: `SKU-${listing.id}-${i}`, price: v.price, stock: v.stock, position: i })
      .returning('id');
    rows.push(row);
  }
  return { listing, variantIds: rows.map((r) => Number(r.id)) };
}

/** Posts the add-to-cart form as the listing page has it (after loading a page for the CSRF token). */
export async function add(c: Client, listingId: number, form: Record<string, string> = {}, opts: { htmx?: boolean; follow?: boolean } = {}) {
  if (!c.csrf) await c.get('/cart');
  return c.post('/cart/lines', { listing_id: String(listingId), quantity: '1', ...form }, opts);
}

export function linesOf(db: Knex, owner: { userId?: number; visitorId?: string }) {
  return db('cart_lines as cl')
    .join('carts as c', 'c.id', 'cl.cart_id')
    .where(owner.userId !== undefined ? { 'c.user_id': owner.userId } : { 'c.visitor_id': owner.visitorId })
    .orderBy('cl.id')
    .select('cl.*') as Promise<{ id: number; listing_id: number; variant_id: number | null; quantity: number; unit_price_seen: number; booking_date: Date | null; booking_note: string }[]>;
}

export async function expectNoLines(db: Knex, owner: { userId?: number; visitorId?: string }) {
  expect(await linesOf(db, owner)).toHaveLength(0);
}

export const amount = (page: Page, selector: string) => Number(page.doc.querySelector(selector)?.getAttribute('data-amount'));

export type { TestApp };
