import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { isCountry } from './countries.js';
import { findOwnAddressRow, insertAddress, listAddressRows, liveAddressCount, softDeleteAddress, type AddressRow, type PostalAddress } from './queries.js';

export type { AddressRow, PostalAddress };

/** How many addresses one buyer keeps. */
export const MAX_ADDRESSES = 20;

const text = (label: string, max: number, opts: { min?: number } = {}) => {
  const s = z.string({ message: `Enter ${label}.` }).trim().max(max, `Use at most ${max} characters.`);
  return opts.min ? s.min(opts.min, `Enter ${label}.`) : s;
};
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(max, `Use at most ${max} characters.`));

/** A shipping address as the add-address fields post it (checkout reuses it). */
export const addressSchema = z.object({
  name: text('the name of the person receiving it', 120, { min: 1 }),
  line1: text('the street and number', 200, { min: 1 }),
  line2: optionalText(200),
  postal_code: text('a postal code', 20, { min: 1 }).regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use letters, digits, spaces and dashes.').transform((v) => v.toUpperCase()),
  city: text('a city', 80, { min: 1 }),
  country: z.string({ message: 'Choose a country.' }).trim().toUpperCase().refine(isCountry, 'Choose a country from the list.'),
  phone: optionalText(40).refine((v) => v === '' || /^\+?[0-9 ()./-]{5,40}$/.test(v), 'Enter a phone number with digits only (a leading + is fine), or leave it empty.'),
});
export type AddressInput = z.infer<typeof addressSchema>;

export function listAddresses(db: Knex | Knex.Transaction, userId: number): Promise<AddressRow[]> {
  return listAddressRows(db, userId);
}

/** One of the user's own addresses; someone else's (or a deleted one) is undefined. */
export function findOwnAddress(db: Knex | Knex.Transaction, userId: number, id: number): Promise<AddressRow | undefined> {
  return findOwnAddressRow(db, userId, id);
}

export type CreateAddressResult = { ok: true; address: AddressRow } | { ok: false; field: 'form'; message: string };

/** Saves a new address for the user (at most MAX_ADDRESSES kept). */
export async function createAddress(db: Knex | Knex.Transaction, userId: number, input: AddressInput): Promise<CreateAddressResult> {
  if ((await liveAddressCount(db, userId)) >= MAX_ADDRESSES) return { ok: false, field: 'form', message: `You can keep at most ${MAX_ADDRESSES} addresses. Delete one first.` };
  return { ok: true, address: await insertAddress(db, userId, input) };
}

/** Deletes one of the user's addresses (kept for orders that were shipped to it); false when it is not theirs. */
export function deleteAddress(db: Knex | Knex.Transaction, userId: number, id: number): Promise<boolean> {
  return softDeleteAddress(db, userId, id, clock.now());
}
