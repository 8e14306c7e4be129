import type { Knex } from 'knex';
import type { SchemaAttribute } from '../catalog/queries.js';
import { parseMoney } from '../lib/money.js';
import { recordAdjustment } from './availability.js';
import { variantsOf, type ListingRow, type VariantRow } from './queries.js';

/** One axis a listing varies along: an enum attribute of its category and its options. */
export interface Axis {
  key: string;
  label: string;
  options: string[];
}

export type Combination = Record<string, string>;

/**
 * Every combination of the axes' options, in a stable order: the first axis
 * varies slowest, options in the order the category lists them.
 */
export function combinations(axes: Axis[]): Combination[] {
  let out: Combination[] = [{}];
  for (const axis of axes) {
    const next: Combination[] = [];
    for (const partial of out) for (const option of axis.options) next.push({ ...partial, [axis.key]: option });
    out = next;
  }
  return axes.length === 0 ? [] : out;
}

/** How many combinations the axes make (without building them). */
export function combinationCount(axes: Axis[]): number {
  return axes.length === 0 ? 0 : axes.reduce((n, a) => n * a.options.length, 1);
}

/** A combination's identity regardless of key order (jsonb compares that way too). */
export function comboKey(c: Combination): string {
  return JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]));
}

/** "M / Red" */
export function comboLabel(axes: Axis[], c: Combination): string {
  return axes.map((a) => c[a.key]).join(' / ');
}

/** The category's enum attributes a listing may vary along. */
export function axesOf(schema: SchemaAttribute[]): Axis[] {
  return schema.filter((a) => a.type === 'enum' && (a.options?.length ?? 0) > 0).map((a) => ({ key: a.key, label: a.label, options: a.options ?? [] }));
}

/** Each form posts one row per combination: 5 fields; the body parser accepts 200. */
export const MAX_COMBINATIONS = 36;

export const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A suggested SKU: slug prefix and the options, e.g. "linen-shirt-M-RED". */
export function suggestSku(slug: string, c: Combination, axes: Axis[]): string {
  const parts = [slug.slice(0, 24), ...axes.map((a) => c[a.key])]
    .map((p) => p.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean);
  const sku = parts.join('-').toUpperCase().slice(0, 64).replace(/[-.]+$/, '');
  return SKU_RE.test(sku) ? sku : 'SKU';
}

export interface VariantInput {
  options: Combination;
  sku: string;
  price: number;
  stock: number;
}

export type VariantRowValues = { keep: boolean; sku: string; price: string; stock: string };

/**
 * Reads the variant table form: one row per combination (`combo_<i>` carries
 * its options), checked rows kept. Errors are keyed `<field>_<i>`.
 */
export function parseVariantForm(
  axes: Axis[],
  body: Record<string, unknown>,
): { ok: true; variants: VariantInput[]; rows: Map<string, VariantRowValues> } | { ok: false; errors: Record<string, string>; rows: Map<string, VariantRowValues> } {
  const all = combinations(axes);
  const known = new Map(all.map((c) => [comboKey(c), c]));
  const rows = new Map<string, VariantRowValues>();
  const errors: Record<string, string> = {};
  const variants: VariantInput[] = [];
  const skus = new Map<string, number>();
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  for (let i = 0; i < all.length; i++) {
    let combo: Combination;
    try {
      combo = JSON.parse(str(`combo_${i}`)) as Combination;
    } catch {
      continue;
    }
    const c = known.get(comboKey(combo ?? {}));
    if (!c) continue;
    const key = comboKey(c);
    const values = { keep: str(`keep_${i}`) === 'on', sku: str(`sku_${i}`).trim(), price: str(`price_${i}`).trim(), stock: str(`stock_${i}`).trim() };
    rows.set(key, values);
    if (!values.keep) continue;
    const index = all.findIndex((x) => comboKey(x) === key);
    let bad = false;
    if (!SKU_RE.test(values.sku)) {
      errors[`sku_${index}`] = 'Use letters, digits, dots, dashes or underscores (at most 64), starting with a letter or digit.';
      bad = true;
    } else if (skus.has(values.sku.toLowerCase())) {
      errors[`sku_${index}`] = 'Each variant needs its own SKU.';
      bad = true;
    }
    skus.set(values.sku.toLowerCase(), index);
    const price = parseMoney(values.price);
    if (price === null) {
      errors[`price_${index}`] = 'Enter a price like 12.50.';
      bad = true;
    }
    const stock = parseStock(values.stock);
    if (stock === null) {
      errors[`stock_${index}`] = 'Enter a whole number of 0 or more.';
      bad = true;
    }
    if (!bad) variants.push({ options: c, sku: values.sku, price: price!, stock: stock! });
  }
  if (Object.keys(errors).length) return { ok: false, errors, rows };
  return { ok: true, variants, rows };
}

/** A stock count: a whole number from 0 to a million. */
export function parseStock(s: string): number | null {
  if (!/^\d{1,7}$/.test(s.trim())) return null;
  const n = Number(s.trim());
  return n <= 1_000_000 ? n : null;
}

export type SaveVariantsResult = { ok: true; removed: number; priceJump: boolean } | { ok: false; field: string; message: string };

/**
 * Replaces a listing's variants with `input`, matching existing ones by their
 * options so their ids (and reserved counts) survive. A variant with units in
 * someone's checkout cannot be removed, and stock cannot go below what is reserved.
 * Runs inside the caller's transaction with the listing row locked.
 */
export async function saveVariants(
  trx: Knex.Transaction,
  listing: ListingRow,
  axes: string[],
  input: VariantInput[],
  priceJump: (before: number | null, after: number | null) => boolean,
): Promise<SaveVariantsResult> {
  const existing = await variantsOf(trx, listing.id);
  const byKey = new Map(existing.map((v) => [comboKey(v.options), v]));
  const keep = new Set(input.map((v) => comboKey(v.options)));
  let jump = false;
  const gone = existing.filter((v) => !keep.has(comboKey(v.options)));
  if (gone.some((v) => v.reserved > 0)) {
    return { ok: false, field: 'form', message: 'A variant you removed has units in a buyer’s checkout; keep it until the order completes.' };
  }
  for (const v of input) {
    const old = byKey.get(comboKey(v.options));
    if (old && v.stock < old.reserved) {
      return { ok: false, field: 'form', message: `${old.sku} has ${old.reserved} in buyers’ checkouts; its stock cannot go below that.` };
    }
    if (old && priceJump(old.price, v.price)) jump = true;
  }
  const sku = (variantId: number | null) => ({ listingId: listing.id, variantId });
  try {
    await trx.transaction(async (sp) => {
      if (gone.length) {
        // a removed variant's history ends at zero stock
        for (const v of gone) await recordAdjustment(sp, sku(v.id), -v.stock, listing.seller_id);
        await sp('listing_variants').whereIn('id', gone.map((v) => v.id)).where({ reserved: 0 }).delete();
      }
      // SKUs are unique per listing: free the kept rows' SKUs first so two variants may swap theirs
      for (const v of existing) if (keep.has(comboKey(v.options))) await sp('listing_variants').where({ id: v.id }).update({ sku: `tmp-${v.id}` });
      for (const [position, v] of input.entries()) {
        const old = byKey.get(comboKey(v.options));
        if (old) {
          await sp('listing_variants').where({ id: old.id }).update({ sku: v.sku, price: v.price, stock: v.stock, position });
          await recordAdjustment(sp, sku(old.id), v.stock - old.stock, listing.seller_id);
        } else {
          const [row] = await sp('listing_variants').insert({ listing_id: listing.id, options: JSON.stringify(v.options), sku: v.sku, price: v.price, stock: v.stock, position }).returning('id');
          await recordAdjustment(sp, sku(Number(row.id)), v.stock, listing.seller_id);
        }
      }
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23503') return { ok: false, field: 'form', message: 'A variant you removed already has orders; keep it (set its stock to 0 instead).' };
    if (code === '23514') return { ok: false, field: 'form', message: 'Stock cannot go below what buyers have in their checkouts.' };
    throw err;
  }
  const prices = input.map((v) => v.price);
  // the listing's own units go: with variants it holds none, without them it starts again from 0
  await recordAdjustment(trx, sku(null), -(listing.stock ?? 0), listing.seller_id);
  await trx('listings')
    .where({ id: listing.id })
    .update({
      variant_axes: input.length ? axes : [],
      stock: input.length ? null : 0,
      price: input.length ? Math.min(...prices) : listing.price,
      // the axes span the variants, so a single listing-wide value no longer applies
      attributes: JSON.stringify(Object.fromEntries(Object.entries(listing.attributes).filter(([k]) => !input.length || !axes.includes(k)))),
    });
  return { ok: true, removed: gone.length, priceJump: jump };
}

export type { VariantRow };
