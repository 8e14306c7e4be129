import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** A postal address: what a saved address holds, and what an order freezes at checkout. */
export interface PostalAddress {
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  phone: string;
}

export interface AddressRow extends PostalAddress {
  id: number;
  user_id: number;
  created_at: Date;
  deleted_at: Date | null;
}

/** The user's addresses that are not deleted, newest first. */
export function listAddressRows(db: Db, userId: number): Promise<AddressRow[]> {
  return db<AddressRow>('addresses').where({ user_id: userId }).whereNull('deleted_at').orderBy('id', 'desc');
}

export function findOwnAddressRow(db: Db, userId: number, id: number): Promise<AddressRow | undefined> {
  return db<AddressRow>('addresses').where({ id, user_id: userId }).whereNull('deleted_at').first();
}

export async function insertAddress(db: Db, userId: number, a: PostalAddress): Promise<AddressRow> {
  const [row] = await db<AddressRow>('addresses')
    .insert({ ...a, user_id: userId })
    .returning('*');
  return row;
}

export async function softDeleteAddress(db: Db, userId: number, id: number, at: Date): Promise<boolean> {
  return (await db('addresses').where({ id, user_id: userId }).whereNull('deleted_at').update({ deleted_at: at })) > 0;
}

export async function liveAddressCount(db: Db, userId: number): Promise<number> {
  const row = await db('addresses').where({ user_id: userId }).whereNull('deleted_at').count<{ n: string }[]>('* as n').first();
  return Number(row?.n ?? 0);
}
