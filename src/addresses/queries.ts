import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

export interface AddressRow {
  id: number;
  user_id: number;
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  country: string;
  phone: string;
  created_at: Date;
  deleted_at: Date | null;
}

export type AddressFields = Pick<AddressRow, 'name' | 'line1' | 'line2' | 'postal_code' | 'city' | 'country' | 'phone'>;

/** The user's addresses that are not deleted, newest first. */
export function listAddressRows(db: Db, userId: number): Promise<AddressRow[]> {
  return db<AddressRow>('addresses').where({ user_id: userId }).whereNull('deleted_at').orderBy('id', 'desc');
}

export function findOwnAddressRow(db: Db, userId: number, id: number): Promise<AddressRow | undefined> {
  return db<AddressRow>('addresses').where({ id, user_id: userId }).whereNull('deleted_at').first();
}

export async function insertAddress(db: Db, userId: number, a: AddressFields): Promise<AddressRow> {
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
