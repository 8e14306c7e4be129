import type { Knex } from 'knex';

export type TopupStatus = 'pending' | 'failed' | 'succeeded';

export interface TopupRow {
  id: number;
  user_id: number;
  reference: string;
  amount: number;
  currency: string;
  gateway: 'local' | 'stripe';
  payment_id: string | null;
  status: TopupStatus;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Date;
  updated_at: Date;
  succeeded_at: Date | null;
  failed_at: Date | null;
}

export async function findTopupByReference(db: Knex, reference: string): Promise<TopupRow | undefined> {
  return db('topups').where({ reference }).first();
}

/** One user's top-up, or nothing: ids in URLs are always checked against the viewer. */
export async function findOwnTopup(db: Knex, userId: number, reference: string): Promise<TopupRow | undefined> {
  return db('topups').where({ reference, user_id: userId }).first();
}

export async function insertTopup(trx: Knex.Transaction, row: Pick<TopupRow, 'user_id' | 'reference' | 'amount' | 'currency' | 'gateway' | 'payment_id'>): Promise<void> {
  await trx('topups').insert(row).onConflict('reference').ignore();
}

/** The top-up a gateway payment belongs to, locked for the status change. */
export async function lockTopupForPayment(trx: Knex.Transaction, by: { reference?: string; paymentId: string }): Promise<TopupRow | undefined> {
  const q = trx('topups').forUpdate();
  if (by.reference) q.where({ reference: by.reference }).orWhere({ payment_id: by.paymentId });
  else q.where({ payment_id: by.paymentId });
  return q.first();
}

export async function updateTopup(trx: Knex.Transaction, id: number, patch: Partial<TopupRow>): Promise<void> {
  await trx('topups').where({ id }).update({ ...patch, updated_at: new Date() });
}

export async function recentTopups(db: Knex, userId: number, limit = 5): Promise<TopupRow[]> {
  return db('topups').where({ user_id: userId }).orderBy('id', 'desc').limit(limit);
}
