import type { Knex } from 'knex';
import { validateAttributes } from '../catalog/attributes.js';
import { effectiveSchema } from '../catalog/categories.js';
import { clock } from '../lib/clock.js';
import { kindTraits } from './kinds.js';
import type { ListingRow } from './queries.js';

/** What a listing still lacks before it can go to review, keyed by form field. */
export async function missingForSubmit(db: Knex | Knex.Transaction, l: ListingRow): Promise<Record<string, string>> {
  const missing: Record<string, string> = {};
  if (l.description.trim().length < 20) missing.description = 'Describe the item in at least 20 characters.';
  const category = await db('categories').where({ id: l.category_id }).first('retired_at');
  if (!category || category.retired_at) missing.category_id = 'This category no longer takes listings; choose another.';
  const variants = await db('listing_variants').where({ listing_id: l.id }).first(db.raw('count(*)::int as n'), db.raw('coalesce(sum(stock), 0)::int as stock'));
  const hasVariants = (variants?.n ?? 0) > 0;
  const has = kindTraits[l.kind];
  // everything but an auction is sold at a price the seller sets
  if (!has.bids && l.price === null) missing.price = 'Enter a price.';
  if (has.stock && !hasVariants && l.stock === null) missing.stock = 'Enter how many you have.';
  if (has.stock && (hasVariants ? variants!.stock : (l.stock ?? 0)) <= 0) missing.stock = 'Add stock before submitting: buyers cannot buy what is not there.';
  if (has.booking && !l.price_unit) missing.price_unit = 'Choose what the price is per.';
  if (has.condition && !l.condition) missing.condition = 'Choose the condition.';
  if (has.bids) {
    if (l.start_price === null) missing.start_price = 'Enter a starting price.';
    if (!l.starts_at || !l.ends_at) missing.ends_at = 'Enter when bidding opens and closes.';
    else if (new Date(l.ends_at).getTime() <= clock.nowMs()) missing.ends_at = 'Bidding would already be over; choose a later closing time.';
  }
  if (has.download && !l.digital_file_key) missing.digital_file = 'Upload the file buyers will download.';
  // the schema may have gained required attributes since the listing was saved
  const schema = (await effectiveSchema(db, l.category_id)).filter((a) => !l.variant_axes.includes(a.key));
  const input = Object.fromEntries(Object.entries(l.attributes).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v)]));
  const checked = validateAttributes(schema, input);
  if (!checked.ok) for (const [k, m] of Object.entries(checked.errors)) missing[`attr_${k}`] = m;
  return missing;
}
