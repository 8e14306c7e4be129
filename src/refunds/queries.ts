import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundRow {
  id: number;
  user_id: number;
  admin_id: number;
  destination: 'wallet' | 'card';
  payment_id: number | null;
  gateway_payment_id: string | null;
  gateway_refund_id: string | null;
  amount: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  failure_reason: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface RefundListRow extends RefundRow {
  email: string;
  display_name: string;
  admin_name: string;
}

/** A succeeded card top-up and how much of it can still go back to the card. */
export interface RefundableTopup {
  id: number;
  user_id: number;
  amount: number;
  currency: string;
  payment_id: string;
  succeeded_at: Date | null;
  created_at: Date;
  refunded: number;
  refundable: number;
}

export interface RefundUser {
  id: number;
  email: string;
  display_name: string;
}

export function findUser(db: Db, query: string): Promise<RefundUser | undefined> {
  const q = db('users').select('id', 'email', 'display_name');
  if (/^\d{1,15}$/.test(query)) return q.where({ id: Number(query) }).first();
  return q.whereRaw('lower(email) = lower(?)', [query.trim()]).first();
}

const refundedSum = (db: Db) =>
  db.raw(`coalesce((select sum(r.amount) from refunds r where r.payment_id = t.id and r.status in ('pending', 'succeeded')), 0)::bigint as refunded`);

export async function refundableTopups(db: Db, userId: number): Promise<RefundableTopup[]> {
  const rows = await db('topups as t')
    .where({ 't.user_id': userId, 't.status': 'succeeded' })
    .whereNotNull('t.payment_id')
    .orderBy('t.id', 'desc')
    .limit(50)
    .select('t.id', 't.user_id', 't.amount', 't.currency', 't.payment_id', 't.succeeded_at', 't.created_at', refundedSum(db));
  return rows.map((r) => ({ ...r, refunded: Number(r.refunded), refundable: r.amount - Number(r.refunded) }));
}

/** Locks one succeeded top-up of this user: refunds against one payment are serialized on it. */
export async function lockTopup(trx: Knex.Transaction, userId: number, topupId: number): Promise<RefundableTopup | undefined> {
  const t = await trx('topups').where({ id: topupId, user_id: userId, status: 'succeeded' }).whereNotNull('payment_id').forUpdate().first();
  if (!t) return undefined;
  const row = await trx('refunds').where({ payment_id: t.id }).whereIn('status', ['pending', 'succeeded']).first(trx.raw('coalesce(sum(amount), 0)::bigint as n'));
  const refunded = Number(row?.n ?? 0);
  return { ...t, refunded, refundable: t.amount - refunded };
}

export async function insertRefund(db: Db, r: Omit<RefundRow, 'id' | 'gateway_refund_id' | 'failure_reason' | 'finished_at'>): Promise<RefundRow> {
  const [row] = await db<RefundRow>('refunds').insert(r).returning('*');
  return row;
}

export function findRefund(db: Db, id: number): Promise<RefundRow | undefined> {
  return db<RefundRow>('refunds').where({ id }).first();
}

export function lockRefund(trx: Knex.Transaction, id: number): Promise<RefundRow | undefined> {
  return trx<RefundRow>('refunds').where({ id }).forUpdate().first();
}

/** A refund of this user only: another person's id reads as missing. */
export function ownRefund(db: Db, userId: number, id: number): Promise<RefundRow | undefined> {
  return db<RefundRow>('refunds').where({ id, user_id: userId }).first();
}

export async function settle(db: Db, id: number, from: RefundStatus[], set: Partial<Pick<RefundRow, 'status' | 'gateway_refund_id' | 'failure_reason' | 'finished_at'>>): Promise<RefundRow | undefined> {
  const [row] = await db<RefundRow>('refunds').where({ id }).whereIn('status', from).update(set).returning('*');
  return row;
}

export async function recordGatewayRefund(db: Db, id: number, gatewayId: string): Promise<void> {
  await db('refunds').where({ id }).whereNull('gateway_refund_id').update({ gateway_refund_id: gatewayId });
}

export function recentRefunds(db: Db, opts: { userId?: number; limit?: number } = {}): Promise<RefundListRow[]> {
  const q = db('refunds as r')
    .join('users as u', 'u.id', 'r.user_id')
    .join('users as a', 'a.id', 'r.admin_id')
    .orderBy('r.id', 'desc')
    .limit(opts.limit ?? 50)
    .select('r.*', 'u.email', 'u.display_name', 'a.display_name as admin_name');
  if (opts.userId) q.where('r.user_id', opts.userId);
  return q;
}

export function pendingRefunds(db: Db, olderThan: Date, limit = 100): Promise<Pick<RefundRow, 'id'>[]> {
  return db('refunds').where({ status: 'pending' }).where('created_at', '<', olderThan).orderBy('id').limit(limit).select('id');
}
