import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import type { Gateway } from '../payments/gateway.js';
import { utcDay } from './limits.js';
import { compareBooks, type LedgerFact, type Mismatch, type ObjectType } from './reconcile-rules.js';

const DAY = 86_400_000;
/** How far around the period both books are read, so records straddling midnight still pair up. */
const MARGIN = DAY;

export interface RunRow {
  id: number;
  period_start: Date;
  period_end: Date;
  trigger: 'schedule' | 'admin';
  requested_by: number | null;
  status: 'queued' | 'running' | 'matched' | 'mismatched' | 'failed';
  ledger_count: number;
  gateway_count: number;
  mismatch_count: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface MismatchRow {
  id: number;
  run_id: number;
  kind: Mismatch['kind'];
  object_type: ObjectType;
  gateway_id: string;
  ledger_amount: number | null;
  gateway_amount: number | null;
  ledger_status: string | null;
  gateway_status: string | null;
  detail: string;
}

export const runSchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a day.')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Choose a day.'),
});

/**
 * The ledger's side: every transfer that moved money through the gateway, by the
 * gateway object it is about — for card money in, always the PaymentIntent (pi_…), which
 * is what the gateway lists, even where the buyer paid on a Stripe Checkout Session.
 * Top-ups and card refunds are found through their own rows; an order's card payment
 * carries the PaymentIntent in its transfer key (`order-card:<pi>`); payouts carry the
 * gateway payout id in their reference.
 */
export async function ledgerFacts(db: Knex, since: Date, until: Date): Promise<LedgerFact[]> {
  const rows: { kind: string; gateway_id: string | null; amount: number; created_at: Date }[] = (
    await db.raw(
      `select t.kind, t.created_at,
              (select coalesce(sum(e.amount), 0) from ledger_entries e where e.transfer_id = t.id and e.amount > 0)::bigint as amount,
              case
                when t.reference_type in ('gateway_payout', 'gateway_payment', 'gateway_refund') then t.reference_id
                when t.reference_type = 'topup' then tp.payment_id
                when t.reference_type = 'order' and t.idempotency_key like 'order-card:%' then substr(t.idempotency_key, char_length('order-card:') + 1)
                when t.reference_type = 'order' then null
                when t.reference_type = 'refund' then r.gateway_refund_id
                else t.reference_id
              end as gateway_id
         from ledger_transfers t
         left join topups tp on t.reference_type = 'topup' and tp.id::text = t.reference_id
         left join refunds r on t.reference_type = 'refund' and r.id::text = t.reference_id
        where t.kind in ('topup', 'refund.card', 'refund.card.failed', 'payout.paid', 'payout.reversed')
          and t.created_at >= ? and t.created_at < ?
        order by t.id`,
      [since, until],
    )
  ).rows;
  const facts = new Map<string, LedgerFact>();
  const typeOf: Record<string, ObjectType> = { topup: 'payment', 'refund.card': 'refund', 'refund.card.failed': 'refund', 'payout.paid': 'payout', 'payout.reversed': 'payout' };
  for (const r of rows) {
    if (!r.gateway_id) continue;
    const reversal = r.kind === 'payout.reversed' || r.kind === 'refund.card.failed';
    const known = facts.get(r.gateway_id);
    if (reversal) {
      if (known) known.reversed = true;
      else facts.set(r.gateway_id, { objectType: typeOf[r.kind], gatewayId: r.gateway_id, amount: Number(r.amount), reversed: true, created: r.created_at });
    } else if (known) {
      known.amount += Number(r.amount);
    } else {
      facts.set(r.gateway_id, { objectType: typeOf[r.kind], gatewayId: r.gateway_id, amount: Number(r.amount), reversed: false, created: r.created_at });
    }
  }
  return [...facts.values()];
}

/** An admin asks for a run over one UTC day; the 'reconcile' job does it. */
export async function requestRun(db: Knex, adminId: number, day: string): Promise<RunRow> {
  const start = new Date(`${day}T00:00:00Z`);
  return db.transaction(async (trx) => {
    const [run] = await trx<RunRow>('reconciliation_runs')
      .insert({ period_start: start, period_end: new Date(start.getTime() + DAY), trigger: 'admin', requested_by: adminId })
      .returning('*');
    await emit(trx, 'reconciliation.requested', { runId: run.id });
    return run;
  });
}

/** The daily run for the UTC day before `clock.now()`; created once however many workers start it. */
export async function dailyRun(db: Knex): Promise<RunRow | undefined> {
  const today = utcDay(clock.now()).start;
  const start = new Date(today.getTime() - DAY);
  await db('reconciliation_runs')
    .insert({ period_start: start, period_end: today, trigger: 'schedule' })
    .onConflict(db.raw(`(period_start, period_end) where trigger = 'schedule'`))
    .ignore();
  return db<RunRow>('reconciliation_runs').where({ period_start: start, period_end: today, trigger: 'schedule' }).first();
}

/**
 * Compares the ledger with the gateway for the run's period and stores every mismatch.
 * Re-running a run (a retried job) replaces its findings, so it is safe to repeat.
 * Admins are notified through the 'reconciliation.finished' event when something is off.
 */
export async function runReconciliation(db: Knex, gateway: Gateway, runId: number): Promise<RunRow | undefined> {
  const run = await db<RunRow>('reconciliation_runs').where({ id: runId }).first();
  if (!run || run.status === 'matched' || run.status === 'mismatched') return run;
  await db('reconciliation_runs').where({ id: runId }).update({ status: 'running', started_at: clock.now(), error: null });
  try {
    const since = new Date(run.period_start.getTime() - MARGIN);
    const until = new Date(run.period_end.getTime() + MARGIN);
    const [facts, records] = await Promise.all([ledgerFacts(db, since, until), gateway.listRecords({ since, until })]);
    const mismatches = compareBooks(facts, records, run.period_start, run.period_end);
    const inPeriod = (d: Date) => d >= run.period_start && d < run.period_end;
    return await db.transaction(async (trx) => {
      await trx('reconciliation_mismatches').where({ run_id: runId }).delete();
      if (mismatches.length) {
        await trx('reconciliation_mismatches').insert(
          mismatches.map((m) => ({
            run_id: runId,
            kind: m.kind,
            object_type: m.objectType,
            gateway_id: m.gatewayId,
            ledger_amount: m.ledgerAmount,
            gateway_amount: m.gatewayAmount,
            ledger_status: m.ledgerStatus,
            gateway_status: m.gatewayStatus,
            detail: m.detail,
          })),
        );
      }
      const [done] = await trx<RunRow>('reconciliation_runs')
        .where({ id: runId })
        .update({
          status: mismatches.length ? 'mismatched' : 'matched',
          ledger_count: facts.filter((f) => inPeriod(f.created)).length,
          gateway_count: records.filter((r) => inPeriod(r.created)).length,
          mismatch_count: mismatches.length,
          finished_at: clock.now(),
        })
        .returning('*');
      await emit(trx, 'reconciliation.finished', { runId, mismatches: mismatches.length, period: run.period_start.toISOString().slice(0, 10) });
      return done;
    });
  } catch (err) {
    await db('reconciliation_runs').where({ id: runId }).update({ status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : String(err), finished_at: clock.now() });
    await db.transaction((trx) => emit(trx, 'reconciliation.finished', { runId, mismatches: 0, failed: true, period: run.period_start.toISOString().slice(0, 10) }));
    throw err;
  }
}

export function recentRuns(db: Knex, limit = 30): Promise<RunRow[]> {
  return db<RunRow>('reconciliation_runs').orderBy('id', 'desc').limit(limit);
}

export function findRun(db: Knex, id: number): Promise<RunRow | undefined> {
  return db<RunRow>('reconciliation_runs').where({ id }).first();
}

export function mismatchesOf(db: Knex, runId: number): Promise<MismatchRow[]> {
  return db<MismatchRow>('reconciliation_mismatches').where({ run_id: runId }).orderBy('id');
}
