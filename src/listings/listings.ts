import { openAuctionHasBids, syncAuctionTerms } from '../auctions/queries.js';
import { wallTime } from '../lib/locale.js';
import type { Knex } from 'knex';
import { effectiveSchema } from '../catalog/categories.js';
import { clock } from '../lib/clock.js';
import { parseMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import { recordAdjustment } from './availability.js';
import { slugify } from './form.js';
import { kindTraits } from './kinds.js';
import { sendBackToReview, syncStockStatus } from './lifecycle.js';
import { insertListing, lockListing, slugTaken, updateListing, variantsOf, type ListingFields, type ListingRow } from './queries.js';
import { axesOf, parseStock, saveVariants, type VariantInput } from './variants.js';

export type Fail = { ok: false; errors: Record<string, string> };
export type Saved = { ok: true; listing: ListingRow; review: boolean };
type Input = Omit<ListingFields, 'slug'> & { slug: string | null };

/** A price change by more than this share of the old price needs another review. */
export const MATERIAL_PRICE_CHANGE = 0.2;

export function priceJump(before: number | null, after: number | null): boolean {
  if (before === after) return false;
  if (before === null || after === null || before === 0) return true;
  return Math.abs(after - before) / before > MATERIAL_PRICE_CHANGE;
}

// an unticked boolean attribute is stored as false; a listing saved before the attribute existed lacks it: both mean "no"
const withoutFalse = (o: object) => Object.entries(o).filter(([, v]) => v !== false);

const same = (a: unknown, b: unknown) => {
  // to the minute: the form's date and time fields carry no seconds
  const minute = (v: unknown) => (v ? Math.floor(new Date(v as Date).getTime() / 60_000) : null);
  if (a instanceof Date || b instanceof Date) return minute(a) === minute(b);
  if (a && b && typeof a === 'object') return JSON.stringify(withoutFalse(a).sort()) === JSON.stringify(withoutFalse(b as object).sort());
  return a === b;
};

/**
 * A date the form sent back as the same wall-clock reading it was shown (a time typed in the
 * hour the clocks repeat reads back as its first occurrence): the stored moment, unchanged.
 */
function unchangedReading(stored: Date | null, sent: Date | null): Date | null {
  if (!stored || !sent) return sent;
  return wallTime(new Date(stored)) === wallTime(sent) ? new Date(stored) : sent;
}

/**
 * The changes that a moderator must see again before a live listing stays
 * public (docs/decisions/006-material-edits.md). Stock, city, position, slug
 * and small price changes are not among them.
 */
export function materialChanges(before: ListingRow, after: Input): string[] {
  const fields = ['title', 'description', 'category_id', 'kind', 'condition', 'price_unit', 'seo_title', 'seo_description', 'attributes', 'start_price', 'reserve_price', 'buy_now_price', 'auction_buy_now_until', 'auction_soft_close_minutes', 'starts_at', 'ends_at'] as const;
  const changed: string[] = fields.filter((f) => !same(before[f], after[f]));
  if (after.kind === before.kind && priceJump(before.price, after.price)) changed.push('price');
  return changed;
}

/** A slug nobody else uses: the wanted one, or the title's with a number. */
async function pickSlug(trx: Knex.Transaction, wanted: string | null, title: string, exceptId?: number): Promise<{ slug: string } | { error: string }> {
  if (wanted) return (await slugTaken(trx, wanted, exceptId)) ? { error: 'Another listing already uses this address; choose another.' } : { slug: wanted };
  const base = slugify(title);
  for (let i = 1; i < 1000; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await slugTaken(trx, slug, exceptId))) return { slug };
  }
  return { slug: `${base}-${Date.now().toString(36)}` };
}

async function checkCategory(trx: Knex.Transaction, id: number, current?: number): Promise<string | null> {
  const c = await trx('categories').where({ id }).first('retired_at');
  if (!c) return 'Choose a category from the list.';
  if (c.retired_at && id !== current) return 'This category no longer takes new listings; choose another.';
  return null;
}

const slugClash = (err: unknown) => (err as { code?: string; constraint?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'listings_slug_key';

/** A new listing, always a draft. */
export async function createListing(db: Knex, sellerId: number, currency: string, input: Input): Promise<Saved | Fail> {
  return db.transaction(async (trx): Promise<Saved | Fail> => {
    const catError = await checkCategory(trx, input.category_id);
    if (catError) return { ok: false, errors: { category_id: catError } };
    const slug = await pickSlug(trx, input.slug, input.title);
    if ('error' in slug) return { ok: false, errors: { slug: slug.error } };
    try {
      const listing = await trx.transaction((sp) => insertListing(sp, { ...input, slug: slug.slug, seller_id: sellerId, currency }));
      // the opening stock is the first line of the listing's stock history
      await recordAdjustment(trx, { listingId: listing.id, variantId: null }, listing.stock ?? 0, sellerId);
      await emit(trx, 'listing.created', { listingId: listing.id, sellerId, userId: sellerId });
      return { ok: true, listing, review: false };
    } catch (err) {
      if (slugClash(err)) return { ok: false, errors: { slug: 'Another listing just took this address; choose another.' } };
      throw err;
    }
  });
}

/**
 * Saves the seller's edit. Variants pin the kind and the axes' attributes; a
 * stock change is refused if a sale changed the stock since the form was shown
 * (`stockWas`), so a sale is never silently undone.
 */
export async function editListing(db: Knex, listingId: number, input: Input, stockWas: number | null): Promise<Saved | Fail> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, errors: { form: 'That listing no longer exists.' } };
    const errors: Record<string, string> = {};
    const catError = await checkCategory(trx, input.category_id, l.category_id);
    if (catError) errors.category_id = catError;
    const variants = await variantsOf(trx, l.id);
    if (variants.length) {
      if (!kindTraits[input.kind].stock) errors.kind = 'This listing has variants; remove them before changing its kind.';
      if (input.category_id !== l.category_id && !catError) {
        const axes = axesOf(await effectiveSchema(trx, input.category_id));
        const fits = l.variant_axes.every((k) => {
          const a = axes.find((x) => x.key === k);
          return a && variants.every((v) => a.options.includes(v.options[k]));
        });
        if (!fits) errors.category_id = 'This listing’s variants use options the new category does not have; remove the variants first.';
      }
    }
    let stock = l.stock;
    if (kindTraits[input.kind].stock && !variants.length && input.stock !== null && input.stock !== stockWas) {
      if (stockWas !== null && l.stock !== stockWas) errors.stock = `The stock changed to ${l.stock ?? 0} meanwhile (a sale?). Check the number and save again.`;
      else if (input.stock < l.reserved) errors.stock = `${l.reserved} are in buyers’ checkouts; the stock cannot go below that.`;
      else stock = input.stock;
    }
    if (kindTraits[input.kind].stock && !variants.length && stock === null) stock = input.stock ?? 0;
    if (!kindTraits[input.kind].stock) stock = null;
    const slug = await pickSlug(trx, input.slug ?? l.slug, input.title, l.id);
    if ('error' in slug) errors.slug = slug.error;
    if (Object.keys(errors).length) return { ok: false, errors };
    if (!kindTraits[input.kind].stock && l.reserved > 0) return { ok: false, errors: { kind: 'Buyers are checking out this listing; its kind cannot change now.' } };

    const price = variants.length ? l.price : input.price;
    const next: Input = { ...input, price, stock, starts_at: unchangedReading(l.starts_at, input.starts_at), ends_at: unchangedReading(l.ends_at, input.ends_at) };
    const material = materialChanges(l, next);
    if (material.length && l.kind === 'auction' && (await openAuctionHasBids(trx, l.id))) {
      return { ok: false, errors: { form: `Bids have been placed on this auction, so what they bid on cannot change (here: ${material.join(', ').replace(/_/g, ' ')}). You can still change its address and city.` } };
    }
    const patch: Partial<ListingRow> = { ...next, slug: (slug as { slug: string }).slug };
    if (variants.length) delete patch.price;
    let row: ListingRow | undefined;
    try {
      row = await trx.transaction((sp) => updateListing(sp, l.id, patch, clock.now()));
    } catch (err) {
      if (slugClash(err)) return { ok: false, errors: { slug: 'Another listing just took this address; choose another.' } };
      throw err;
    }
    if (!row) return { ok: false, errors: { form: 'That listing no longer exists.' } };
    await recordAdjustment(trx, { listingId: l.id, variantId: null }, (row.stock ?? 0) - (l.stock ?? 0), l.seller_id);
    let review = false;
    if (material.length) {
      const sent = await sendBackToReview(trx, row);
      if (sent) {
        row = sent;
        review = true;
      }
    }
    row = (await syncStockStatus(trx, row.id)) ?? row;
    if (row.kind === 'auction') await syncAuctionTerms(trx, row.id);
    await emit(trx, 'listing.edited', { listingId: row.id, sellerId: row.seller_id, userId: row.seller_id, material, review });
    return { ok: true, listing: row, review };
  });
}

/** Price and stock from the dashboard row. Only what the row shows may change. */
export async function quickEdit(db: Knex, listingId: number, raw: { price?: string; stock?: string; stock_was?: string }): Promise<Saved | Fail> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, errors: { form: 'That listing no longer exists.' } };
    const hasVariants = l.variant_axes.length > 0 || (await variantsOf(trx, l.id)).length > 0;
    const errors: Record<string, string> = {};
    const patch: Partial<ListingRow> = {};
    if (raw.price !== undefined && kindTraits[l.kind].price && !hasVariants) {
      const price = parseMoney(raw.price);
      if (price === null) errors.price = 'Enter an amount like 12.50 (at most two decimals).';
      else if (price !== l.price) patch.price = price;
    }
    if (raw.stock !== undefined && kindTraits[l.kind].stock && !hasVariants) {
      const stock = parseStock(raw.stock);
      const was = raw.stock_was !== undefined && /^\d{1,7}$/.test(raw.stock_was) ? Number(raw.stock_was) : null;
      if (stock === null) errors.stock = 'Enter a whole number of 0 or more.';
      else if (stock !== was && stock !== l.stock) {
        if (was !== null && was !== l.stock) errors.stock = `The stock changed to ${l.stock ?? 0} meanwhile (a sale?). Check and save again.`;
        else if (stock < l.reserved) errors.stock = `${l.reserved} are in buyers’ checkouts; the stock cannot go below that.`;
        else patch.stock = stock;
      }
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    if (Object.keys(patch).length === 0) return { ok: true, listing: l, review: false };
    let row = (await updateListing(trx, l.id, patch, clock.now()))!;
    if (patch.stock !== undefined) await recordAdjustment(trx, { listingId: l.id, variantId: null }, (patch.stock ?? 0) - (l.stock ?? 0), l.seller_id);
    let review = false;
    if (patch.price !== undefined && priceJump(l.price, patch.price)) {
      const sent = await sendBackToReview(trx, row);
      if (sent) {
        row = sent;
        review = true;
      }
    }
    row = (await syncStockStatus(trx, row.id)) ?? row;
    await emit(trx, 'listing.edited', { listingId: row.id, sellerId: row.seller_id, userId: row.seller_id, material: review ? ['price'] : [], review });
    return { ok: true, listing: row, review };
  });
}

/** Replaces the variant set (see variants.ts); a big price change on a live listing sends it to review. */
export async function editVariants(db: Knex, listingId: number, axes: string[], input: VariantInput[]): Promise<Saved | Fail> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, errors: { form: 'That listing no longer exists.' } };
    if (!kindTraits[l.kind].stock) return { ok: false, errors: { form: 'Only fixed-price listings have variants.' } };
    const saved = await saveVariants(trx, l, axes, input, priceJump);
    if (!saved.ok) return { ok: false, errors: { [saved.field]: saved.message } };
    let row = (await updateListing(trx, l.id, {}, clock.now()))!;
    let review = false;
    if (saved.priceJump) {
      const sent = await sendBackToReview(trx, row);
      if (sent) {
        row = sent;
        review = true;
      }
    }
    row = (await syncStockStatus(trx, row.id)) ?? row;
    await emit(trx, 'listing.edited', { listingId: row.id, sellerId: row.seller_id, userId: row.seller_id, material: review ? ['price'] : [], review, variants: input.length });
    return { ok: true, listing: row, review };
  });
}

/**
 * A new draft copied from a listing: fields, attributes and variants (with their
 * stock and SKUs). Images and the digital file stay with the original: they
 * belong to the media store, and the seller adds them to the copy.
 */
export async function duplicateListing(db: Knex, listingId: number): Promise<Saved | Fail> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l) return { ok: false, errors: { form: 'That listing no longer exists.' } };
    const suffix = ' (copy)';
    const title = l.title.length + suffix.length > 120 ? `${l.title.slice(0, 120 - suffix.length).trimEnd()}${suffix}` : `${l.title}${suffix}`;
    const slug = await pickSlug(trx, null, title);
    const copy = await insertListing(trx, {
      category_id: l.category_id,
      kind: l.kind,
      title,
      slug: (slug as { slug: string }).slug,
      description: l.description,
      seo_title: l.seo_title,
      seo_description: l.seo_description,
      condition: l.condition,
      city: l.city,
      lat: l.lat,
      lng: l.lng,
      price: l.price,
      price_unit: l.price_unit,
      stock: l.stock,
      attributes: l.attributes,
      start_price: l.start_price,
      reserve_price: l.reserve_price,
      buy_now_price: l.buy_now_price,
      auction_buy_now_until: l.auction_buy_now_until,
      auction_soft_close_minutes: l.auction_soft_close_minutes,
      starts_at: l.starts_at,
      ends_at: l.ends_at,
      seller_id: l.seller_id,
      currency: l.currency,
      variant_axes: l.variant_axes,
    });
    await recordAdjustment(trx, { listingId: copy.id, variantId: null }, copy.stock ?? 0, copy.seller_id);
    const variants = await variantsOf(trx, l.id);
    if (variants.length) {
      const rows: { id: string | number; stock: number }[] = await trx('listing_variants')
        .insert(variants.map((v) => ({ listing_id: copy.id, options: JSON.stringify(v.options), sku: v.sku, price: v.price, stock: v.stock, position: v.position })))
        .returning(['id', 'stock']);
      for (const v of rows) await recordAdjustment(trx, { listingId: copy.id, variantId: Number(v.id) }, v.stock, copy.seller_id);
    }
    await emit(trx, 'listing.created', { listingId: copy.id, sellerId: copy.seller_id, userId: copy.seller_id, copiedFrom: l.id });
    return { ok: true, listing: copy, review: false };
  });
}
