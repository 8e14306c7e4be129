import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';

type Db = Knex | Knex.Transaction;

export interface PayoutMethodRow {
  id: number;
  user_id: number;
  holder_name: string;
  account_number: string;
  retired_at: Date | null;
  created_at: Date;
}

export type PayoutStatus = 'requested' | 'approved' | 'rejected' | 'sending' | 'paid' | 'failed' | 'reversed';

export interface PayoutRow {
  id: number;
  user_id: number;
  method_id: number;
  holder_name: string;
  account_number: string;
  amount: number;
  currency: string;
  status: PayoutStatus;
  reason: string | null;
  failure_reason: string | null;
  gateway_payout_id: string | null;
  decided_by: number | null;
  requested_at: Date;
  decided_at: Date | null;
  sent_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export interface PayoutQueueRow extends PayoutRow {
  email: string;
  display_name: string;
}

// ── payout methods ──────────────────────────────────────────────────────────

export function activeMethods(db: Db, userId: number): Promise<PayoutMethodRow[]> {
  return db<PayoutMethodRow>('payout_methods').where({ user_id: userId }).whereNull('retired_at').orderBy('id', 'desc');
}

/** A method of this user only: another user's id reads as missing. */
export function ownMethod(db: Db, userId: number, id: number): Promise<PayoutMethodRow | undefined> {
  return db<PayoutMethodRow>('payout_methods').where({ id, user_id: userId }).whereNull('retired_at').first();
}

export async function insertMethod(trx: Db, m: { user_id: number; holder_name: string; account_number: string }): Promise<PayoutMethodRow> {
  const [row] = await trx<PayoutMethodRow>('payout_methods').insert(m).returning('*');
  return row;
}

export function retireMethod(db: Db, userId: number, id: number, at: Date): Promise<number> {
  return db('payout_methods').where({ id, user_id: userId }).whereNull('retired_at').update({ retired_at: at });
}

// ── payouts ─────────────────────────────────────────────────────────────────

/** Serializes one user's payout requests so the daily limits are checked against settled numbers. */
export async function lockUserPayouts(trx: Knex.Transaction, userId: number): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.payouts'), ?::int)`, [userId]);
}

/** Requests made in [from, to): how many, and the total still counting against the limit (rejected and failed ones returned their money). */
export async function requestedBetween(db: Db, userId: number, from: Date, to: Date): Promise<{ count: number; total: number }> {
  const row = await db('payouts')
    .where({ user_id: userId })
    .where('requested_at', '>=', from)
    .where('requested_at', '<', to)
    .first(
      db.raw('count(*)::int as count'),
      db.raw(`coalesce(sum(amount) filter (where status not in ('rejected', 'failed', 'reversed')), 0)::bigint as total`),
    );
  return { count: Number(row?.count ?? 0), total: Number(row?.total ?? 0) };
}

export async function insertPayout(
  trx: Db,
  p: Pick<PayoutRow, 'user_id' | 'method_id' | 'holder_name' | 'account_number' | 'amount' | 'currency' | 'requested_at'>,
): Promise<PayoutRow> {
  const [row] = await trx<PayoutRow>('payouts').insert(p).returning('*');
  return row;
}

export function findPayout(db: Db, id: number): Promise<PayoutRow | undefined> {
  return db<PayoutRow>('payouts').where({ id }).first();
}

export function findPayoutByGatewayId(db: Db, gatewayId: string): Promise<PayoutRow | undefined> {
  return db<PayoutRow>('payouts').where({ gateway_payout_id: gatewayId }).first();
}

export function lockPayout(trx: Knex.Transaction, id: number): Promise<PayoutRow | undefined> {
  return trx<PayoutRow>('payouts').where({ id }).forUpdate().first();
}

/**
 * Moves a payout from one of `from` to `to`; the number of rows changed says whether this
 * caller made the move (0: someone else already did, or the state does not allow it).
 */
export async function transition(
  trx: Db,
  id: number,
  from: PayoutStatus[],
  to: PayoutStatus,
  set: Partial<Pick<PayoutRow, 'reason' | 'failure_reason' | 'gateway_payout_id' | 'decided_by' | 'decided_at' | 'sent_at' | 'finished_at'>> = {},
): Promise<PayoutRow | undefined> {
  const [row] = await trx<PayoutRow>('payouts')
    .where({ id })
    .whereIn('status', from)
    .update({ ...set, status: to, updated_at: clock.now() } as never)
    .returning('*');
  return row;
}

export async function recordGatewayId(trx: Db, id: number, gatewayId: string): Promise<void> {
  await trx('payouts').where({ id }).whereNull('gateway_payout_id').update({ gateway_payout_id: gatewayId });
}

export function payoutsOf(db: Db, userId: number, limit = 50): Promise<PayoutRow[]> {
  return db<PayoutRow>('payouts').where({ user_id: userId }).orderBy('id', 'desc').limit(limit);
}

export function payoutQueue(db: Db, limit = 100): Promise<PayoutQueueRow[]> {
  return db('payouts as p')
    .join('users as u', 'u.id', 'p.user_id')
    .where('p.status', 'requested')
    .orderBy([{ column: 'p.requested_at' }, { column: 'p.id' }])
    .limit(limit)
    .select('p.*', 'u.email', 'u.display_name');
}

export function recentlyDecided(db: Db, limit = 50): Promise<PayoutQueueRow[]> {
  return db('payouts as p')
    .join('users as u', 'u.id', 'p.user_id')
    .whereNot('p.status', 'requested')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .select('p.*', 'u.email', 'u.display_name');
}

export async function waitingCount(db: Db): Promise<number> {
  const row = await db('payouts').where({ status: 'requested' }).first(db.raw('count(*)::int as n'));
  return Number(row?.n ?? 0);
}

/** Payouts a send job should be working on but apparently is not (a crash, a lost job). */
export function stalledPayouts(db: Db, olderThan: Date, limit = 100): Promise<Pick<PayoutRow, 'id' | 'status'>[]> {
  return db('payouts').whereIn('status', ['approved', 'sending']).where('updated_at', '<', olderThan).orderBy('id').limit(limit).select('id', 'status');
}
