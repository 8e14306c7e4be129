import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { availableUnits, skuKey } from '../listings/availability.js';
import { kindTraits } from '../listings/kinds.js';
import { emit } from '../outbox/outbox.js';
import {
  cartListing,
  deleteLines,
  findLine,
  findSkuLine,
  hasVariants,
  insertLine,
  listingVariant,
  lockCart,
  lockOrCreateCart,
  touchCart,
  updateLine,
  type CartLineRow,
  type CartListing,
  type CartOwner,
} from './queries.js';

export type { CartOwner };

export const MAX_QUANTITY = 999;
export const NOTE_MAX = 1000;

const idText = z.string().trim().regex(/^\d{1,15}$/);
const optional = (s: unknown) => (typeof s === 'string' && s.trim() !== '' ? s : undefined);

/** What the add-to-cart form posts. */
export const addSchema = z.object({
  listing_id: idText.transform(Number),
  variant_id: z.preprocess(optional, z.string({ message: 'Choose an option.' }).trim().regex(/^\d{1,15}$/, 'Choose an option.').transform(Number).optional()),
  quantity: z.preprocess(
    (v) => optional(v) ?? '1',
    z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, `Enter a whole number from 1 to ${MAX_QUANTITY}.`)
      .transform(Number)
      .refine((n) => n >= 1, `Enter a whole number from 1 to ${MAX_QUANTITY}.`),
  ),
  booking_date: z.preprocess(optional, z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-05-31.').refine(validDate, 'Enter a real date.').optional()),
  booking_note: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(NOTE_MAX, `Use at most ${NOTE_MAX} characters.`)),
});
export type AddInput = z.infer<typeof addSchema>;

/** The quantity field of a cart line; 0 removes the line. */
export const quantitySchema = z.object({
  quantity: z
    .string({ message: 'Enter a quantity.' })
    .trim()
    .regex(/^\d{1,3}$/, `Enter a whole number from 0 to ${MAX_QUANTITY}.`)
    .transform(Number),
});

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date (UTC) as YYYY-MM-DD: a booking can be for today or later. */
export const today = (): string => clock.now().toISOString().slice(0, 10);

export type CartField = 'quantity' | 'variant_id' | 'booking_date' | 'booking_note' | 'form';

/** A cart change the rules refuse; thrown inside the transaction, so nothing of it is kept. */
export class CartRefused extends Error {
  constructor(
    readonly field: CartField,
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

export const NOT_FOUND = 'That listing could not be found.';

/** Why a buyer cannot put this listing in a cart right now, or null when they can. Listings they may not see read as missing. */
export function refusalFor(l: CartListing, buyerId: number | undefined, now: Date = clock.now()): CartRefused | null {
  if (l.deleted_at || l.hidden_at || l.status === 'draft' || l.status === 'pending' || l.status === 'rejected') return new CartRefused('form', NOT_FOUND, 404);
  if (buyerId !== undefined && Number(l.seller_id) === buyerId) return new CartRefused('form', "You can't buy your own listing.");
  if (kindTraits[l.kind].contactOnly) return new CartRefused('form', 'This is a classified ad: contact the seller to buy it.');
  if (kindTraits[l.kind].bids) return new CartRefused('form', 'Auctions are won by bidding; they cannot be added to a cart.');
  if (!kindTraits[l.kind].checkout) return new CartRefused('form', 'This listing cannot be bought online.');
  if (l.status === 'paused') return new CartRefused('form', 'The seller has paused this listing; it cannot be bought right now.');
  if (l.status === 'expired' || (l.expires_at && new Date(l.expires_at).getTime() <= now.getTime())) return new CartRefused('form', 'This listing has ended.');
  if (l.status === 'sold_out') return new CartRefused('form', 'This listing is sold out.');
  if (l.status !== 'active') return new CartRefused('form', 'This listing cannot be bought right now.');
  return null;
}

/** "Only 2 left." — the message for a quantity above what is available. */
export const onlyLeft = (available: number): string => (available <= 0 ? 'This listing is sold out.' : `Only ${available} left.`);

/** A signed-in owner's open tabs refresh their cart count; visitors have no stream. */
async function changed(trx: Knex.Transaction, cartId: number, owner: CartOwner): Promise<void> {
  await touchCart(trx, cartId, clock.now());
  if (owner.userId !== undefined) await emit(trx, 'cart.changed', { userId: owner.userId });
}

export interface Added {
  line: CartLineRow;
  listing: CartListing;
  /** a download that was in the cart already: nothing changed */
  already: boolean;
}

/**
 * Puts a listing (one SKU) in the owner's cart, or adds to the quantity of the line
 * that has it. The cart row is locked, so two adds to one cart happen in turn.
 */
export async function addToCart(db: Knex, owner: CartOwner, input: AddInput): Promise<Added> {
  return db.transaction(async (trx) => {
    const listing = await cartListing(trx, input.listing_id);
    if (!listing) throw new CartRefused('form', NOT_FOUND, 404);
    const refused = refusalFor(listing, owner.userId);
    if (refused) throw refused;

    let variantId: number | null = null;
    let price = listing.price;
    if (kindTraits[listing.kind].stock && (await hasVariants(trx, listing.id))) {
      if (input.variant_id === undefined) throw new CartRefused('variant_id', 'Choose an option.');
      const variant = await listingVariant(trx, listing.id, input.variant_id);
      if (!variant) throw new CartRefused('variant_id', 'That option is no longer offered. Choose another.');
      variantId = variant.id;
      price = variant.price;
    }
    if (price === null) throw new CartRefused('form', 'This listing cannot be bought right now.');

    const traits = kindTraits[listing.kind];
    let bookingDate: string | null = null;
    if (traits.booking) {
      if (!input.booking_date) throw new CartRefused('booking_date', 'Choose a preferred date.');
      if (input.booking_date < today()) throw new CartRefused('booking_date', 'Choose a date from today on.');
      bookingDate = input.booking_date;
    }

    const cart = await lockOrCreateCart(trx, owner);
    const existing = await findSkuLine(trx, cart.id, listing.id, variantId);
    if (traits.download) {
      // a download is bought once: adding it again changes nothing
      if (existing) return { line: existing, listing, already: true };
      const line = await insertLine(trx, { cart_id: cart.id, listing_id: listing.id, variant_id: null, quantity: 1, unit_price_seen: Number(price), booking_date: null, booking_note: '' });
      await changed(trx, cart.id, owner);
      return { line, listing, already: false };
    }

    const quantity = (existing?.quantity ?? 0) + input.quantity;
    if (quantity > MAX_QUANTITY) throw new CartRefused('quantity', `At most ${MAX_QUANTITY} of one item fit in a cart.`);
    const sku = { listingId: listing.id, variantId };
    const available = (await availableUnits(trx, [sku])).get(skuKey(sku)) ?? null;
    if (available !== null && quantity > available) {
      const inCart = existing ? ` You have ${existing.quantity} in your cart already.` : '';
      throw new CartRefused('quantity', `${onlyLeft(available)}${available > 0 ? inCart : ''}`);
    }
    const booking = traits.booking ? { booking_date: bookingDate, booking_note: input.booking_note } : { booking_date: null, booking_note: '' };
    let line: CartLineRow;
    if (existing) {
      // adding again shows the price as it is now: that is what the buyer saw last
      await updateLine(trx, existing.id, { quantity, unit_price_seen: Number(price), ...booking });
      line = { ...existing, quantity, unit_price_seen: Number(price), ...booking };
    } else {
      line = await insertLine(trx, { cart_id: cart.id, listing_id: listing.id, variant_id: variantId, quantity, unit_price_seen: Number(price), ...booking });
    }
    await changed(trx, cart.id, owner);
    return { line, listing, already: false };
  });
}

/** A line of the owner's cart, or a 404 refusal (someone else's line reads as missing). */
async function ownLine(trx: Knex.Transaction, owner: CartOwner, lineId: number) {
  const cart = await lockCart(trx, owner);
  const line = cart ? await findLine(trx, cart.id, lineId) : undefined;
  if (!cart || !line) throw new CartRefused('form', 'That cart line could not be found.', 404);
  return { cart, line };
}

/** Sets a line's quantity (0 removes it), within what is available. */
export async function changeQuantity(db: Knex, owner: CartOwner, lineId: number, quantity: number): Promise<{ removed: boolean }> {
  return db.transaction(async (trx) => {
    const { cart, line } = await ownLine(trx, owner, lineId);
    if (quantity === 0) {
      await deleteLines(trx, cart.id, [line.id]);
      await changed(trx, cart.id, owner);
      return { removed: true };
    }
    if (quantity > MAX_QUANTITY) throw new CartRefused('quantity', `Enter a whole number from 0 to ${MAX_QUANTITY}.`);
    const listing = await cartListing(trx, line.listing_id);
    if (listing && kindTraits[listing.kind].download && quantity !== 1) throw new CartRefused('quantity', 'A download is bought once: its quantity is always 1.');
    const sku = { listingId: line.listing_id, variantId: line.variant_id === null ? null : Number(line.variant_id) };
    const available = (await availableUnits(trx, [sku])).get(skuKey(sku)) ?? null;
    // lowering is always allowed: it is how a buyer fixes a line that has more than is left
    if (available !== null && quantity > available && quantity >= line.quantity) throw new CartRefused('quantity', onlyLeft(available));
    await updateLine(trx, line.id, { quantity });
    await changed(trx, cart.id, owner);
    return { removed: false };
  });
}

/** Takes one line out of the owner's cart. */
export async function removeLine(db: Knex, owner: CartOwner, lineId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const { cart, line } = await ownLine(trx, owner, lineId);
    await deleteLines(trx, cart.id, [line.id]);
    await changed(trx, cart.id, owner);
  });
}

async function ownerOf(trx: Knex.Transaction, cartId: number): Promise<CartOwner | null> {
  const row = await trx('carts').where({ id: cartId }).first('user_id', 'visitor_id');
  if (!row) return null;
  return row.user_id !== null ? { userId: Number(row.user_id) } : { visitorId: String(row.visitor_id) };
}

/** Removes the given lines of a cart inside the caller's transaction (e.g. the lines an order was placed for). */
export async function removeCartLines(trx: Knex.Transaction, cartId: number, lineIds: number[]): Promise<number> {
  const owner = await ownerOf(trx, cartId);
  const n = await deleteLines(trx, cartId, lineIds);
  if (owner && n > 0) await changed(trx, cartId, owner);
  return n;
}
