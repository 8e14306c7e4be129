import type { Knex } from 'knex';
import { z } from 'zod';
import { addressSchema, createAddress, findOwnAddress, listAddresses, type PostalAddress } from '../addresses/addresses.js';
import type { CartView } from '../carts/view.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { dayText } from '../lib/days.js';
import type { PayWith, PlaceItem } from './placement.js';
import type { AddressSnapshot } from './queries.js';

export const PAY_WITH: readonly PayWith[] = ['wallet', 'wallet_then_card', 'card'];

/** The checkout form's own fields (the address has its own schema). */
export const checkoutSchema = z.object({
  pay_with: z.enum(['wallet', 'wallet_then_card', 'card'], { message: 'Choose how to pay.' }),
  seen: z.string({ message: 'Your cart changed since you opened checkout. Check it and place the order again.' }).max(50_000),
});

/** One time per rendered checkout: the order it places is found again by it, so a double submit places one order. */
export const CHECKOUT_KEY = /^[A-Za-z0-9_-]{16,100}$/;

export const CART_CHANGED = 'Your cart changed since you opened checkout. Nothing was charged; check the order below and place it again.';

/**
 * What the buyer saw on the checkout page, per cart line: its quantity and unit
 * price ("lineId:quantity:unitPrice", comma separated). Sent back with the form, so
 * an order is placed only for what was shown.
 */
export function seenOf(view: CartView): string {
  return view.lines.map((l) => `${l.id}:${l.quantity}:${l.unitPrice}`).join(',');
}

function parseSeen(s: string): Map<number, { quantity: number; unitPrice: number }> | null {
  const out = new Map<number, { quantity: number; unitPrice: number }>();
  if (s.trim() === '') return out;
  for (const part of s.split(',')) {
    const m = /^(\d{1,15}):(\d{1,3}):(\d{1,15})$/.exec(part.trim());
    if (!m) return null;
    out.set(Number(m[1]), { quantity: Number(m[2]), unitPrice: Number(m[3]) });
  }
  return out;
}


export type ItemsResult = { ok: true; items: PlaceItem[]; lineIds: number[] } | { ok: false; message: string };

/**
 * The items to order: every line of the cart as it is now, each with the price
 * the buyer saw. Placement is the authority on availability and price; this only
 * makes sure the cart still holds exactly the lines and quantities that were shown.
 */
export function itemsFrom(view: CartView, seenText: string): ItemsResult {
  if (!view.lines.length) return { ok: false, message: 'Your cart is empty.' };
  const seen = parseSeen(seenText);
  if (!seen || seen.size !== view.lines.length) return { ok: false, message: CART_CHANGED };
  const items: PlaceItem[] = [];
  for (const l of view.lines) {
    const s = seen.get(l.id);
    if (!s || s.quantity !== l.quantity) return { ok: false, message: CART_CHANGED };
    // the line was fine on the checkout page: someone else was faster since
    if (l.unavailable && (l.available === 0 || l.problem === 'Sold out.')) return { ok: false, message: `Someone just bought the last “${l.title}”. Nothing was charged; remove it from your cart to go on.` };
    if (l.problem) return { ok: false, message: `“${l.title}”: ${l.problem} Nothing was charged; fix your cart to go on.` };
    items.push({ listingId: l.listingId, variantId: l.variantId, quantity: l.quantity, seenUnitPrice: s.unitPrice, bookingDate: dayText(l.bookingDate), bookingNote: l.bookingNote });
  }
  return { ok: true, items, lineIds: view.lines.map((l) => l.id) };
}

/** Why a line stops checkout for this buyer (the cart's own problems, and their own listings), by line id. */
export function checkoutProblems(view: CartView, buyerId: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of view.lines) {
    const problem = l.problem ?? (l.sellerId === buyerId ? "This is your own listing; you can't buy it." : null);
    if (problem) out.set(l.id, problem);
  }
  return out;
}

/** The sensible payment choice: the wallet when it covers the order, the wallet and then a card when it covers part, else a card. */
export function defaultPayWith(available: number, total: number): PayWith {
  if (available >= total) return 'wallet';
  return available > 0 ? 'wallet_then_card' : 'card';
}

export const snapshotOf = (a: PostalAddress): AddressSnapshot => ({
  name: a.name,
  line1: a.line1,
  line2: a.line2,
  postal_code: a.postal_code,
  city: a.city,
  country: a.country,
  phone: a.phone,
});

export type AddressChoice = { ok: true; address: AddressSnapshot | null; addressId: number | null } | { ok: false; errors: FieldErrors };

/** Checks the address choice without saving anything: a saved address of the buyer, or complete new-address fields. */
export async function checkAddress(db: Knex, userId: number, needsShipping: boolean, body: Record<string, unknown>): Promise<AddressChoice | { ok: true; fresh: z.infer<typeof addressSchema> }> {
  if (!needsShipping) return { ok: true, address: null, addressId: null };
  const choice = typeof body.address_id === 'string' ? body.address_id.trim() : '';
  if (choice === 'new') {
    const parsed = parseForm(addressSchema, body);
    if (!parsed.ok) return { ok: false, errors: { ...parsed.errors, address: 'Check the new address below.' } };
    return { ok: true, fresh: parsed.data };
  }
  const id = /^\d{1,15}$/.test(choice) ? Number(choice) : null;
  if (id === null) return { ok: false, errors: { address: 'Choose where to ship your order.' } };
  const a = await findOwnAddress(db, userId, id);
  if (!a) return { ok: false, errors: { address: 'That address is no longer in your address book. Choose another.' } };
  return { ok: true, address: snapshotOf(a), addressId: Number(a.id) };
}

/**
 * Saves a new address given at checkout (once: the same address typed again, as
 * a resubmitted form sends it, is found instead of saved twice).
 */
export async function saveCheckoutAddress(db: Knex, userId: number, fresh: z.infer<typeof addressSchema>): Promise<AddressChoice> {
  const same = (await listAddresses(db, userId)).find((a) => (['name', 'line1', 'line2', 'postal_code', 'city', 'country', 'phone'] as const).every((k) => a[k] === fresh[k]));
  if (same) return { ok: true, address: snapshotOf(same), addressId: Number(same.id) };
  const created = await createAddress(db, userId, fresh);
  if (!created.ok) return { ok: false, errors: { address: created.message } };
  return { ok: true, address: snapshotOf(created.address), addressId: Number(created.address.id) };
}
