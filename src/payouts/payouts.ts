import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import type { Config } from '../config.js';
import { balances, InsufficientFunds, transfer } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { parseMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import { payoutRefusal, utcDay, type PayoutLimits } from './limits.js';
import { insertPayout, lockPayout, lockUserPayouts, ownMethod, requestedBetween, transition, type PayoutRow } from './queries.js';

export const payoutRequestSchema = z.object({
  method_id: z
    .string({ message: 'Choose the account to pay out to.' })
    .regex(/^\d{1,15}$/, 'Choose the account to pay out to.')
    .transform(Number),
  amount: z.string().transform((v, ctx) => {
    const minor = parseMoney(v);
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', message: 'Enter an amount like 25 or 25.50.' });
      return z.NEVER;
    }
    return minor;
  }),
});

export const rejectionSchema = z.object({
  reason: z.string().trim().min(3, 'Tell the person why (at least 3 characters).').max(1000, 'Use at most 1000 characters.'),
});

export function limitsFrom(config: Config): PayoutLimits {
  return { min: config.PAYOUT_MIN, dailyLimit: config.PAYOUT_DAILY_LIMIT, perDay: config.RATE_PAYOUTS_PER_DAY };
}

/** A request the rules refuse; thrown inside the transaction so that nothing of it is kept. */
export class PayoutRefused extends Error {
  constructor(
    readonly field: 'amount' | 'method_id' | 'form',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Asks for a payout of available funds, inside the caller's transaction: the payout row
 * and the move available → payout_pending commit together or not at all. One person's
 * requests are serialized, so two tabs cannot both squeeze under the daily limit.
 */
export async function requestPayout(trx: Knex.Transaction, limits: PayoutLimits, userId: number, input: { methodId: number; amount: number }): Promise<PayoutRow> {
  await lockUserPayouts(trx, userId);
  const method = await ownMethod(trx, userId, input.methodId);
  if (!method) throw new PayoutRefused('method_id', 'Choose one of your saved accounts.');
  const now = clock.now();
  const day = utcDay(now);
  const [wallet, today] = await Promise.all([balances(trx, userId), requestedBetween(trx, userId, day.start, day.end)]);
  const refusal = payoutRefusal(
    { amount: input.amount, available: wallet.available, todayCount: today.count, todayTotal: today.total, currency: wallet.currency },
    limits,
  );
  if (refusal) throw new PayoutRefused(refusal.field, refusal.message);
  const payout = await insertPayout(trx, {
    user_id: userId,
    method_id: method.id,
    holder_name: method.holder_name,
    account_number: method.account_number,
    amount: input.amount,
    currency: wallet.currency,
    requested_at: now,
  });
  try {
    await transfer(trx, {
      idempotencyKey: `payout.request:${payout.id}`,
      kind: 'payout.request',
      reference: { type: 'payout', id: payout.id },
      currency: payout.currency,
      legs: [
        { account: { userId, type: 'available' }, amount: -payout.amount },
        { account: { userId, type: 'payout_pending' }, amount: payout.amount },
      ],
    });
  } catch (err) {
    if (err instanceof InsufficientFunds) throw new PayoutRefused('amount', 'Your available balance changed a moment ago and no longer covers this amount.');
    throw err;
  }
  await emit(trx, 'payout.requested', { payoutId: payout.id, userId, amount: payout.amount, currency: payout.currency });
  return payout;
}

export type DecideResult = { ok: true; payout: PayoutRow } | { ok: false; message: string };

/** An admin lets a requested payout go; the send job (queue 'money') takes it from here. */
export async function approvePayout(db: Knex, adminId: number, payoutId: number): Promise<DecideResult> {
  return db.transaction(async (trx) => {
    const p = await lockPayout(trx, payoutId);
    if (!p) return { ok: false, message: 'No such payout.' } as const;
    if (p.status !== 'requested') return { ok: false, message: `This payout was already ${p.status}.` } as const;
    const payout = (await transition(trx, p.id, ['requested'], 'approved', { decided_by: adminId, decided_at: clock.now() }))!;
    await audit(trx, { actorId: adminId, action: 'payout.approve', subjectType: 'payout', subjectId: p.id, before: { status: p.status }, after: { status: 'approved' } });
    await emit(trx, 'payout.approved', { payoutId: p.id, userId: p.user_id, amount: p.amount, currency: p.currency });
    return { ok: true, payout } as const;
  });
}

/** An admin refuses a requested payout: the money goes back to available and the person is told why. */
export async function rejectPayout(db: Knex, adminId: number, payoutId: number, reason: string): Promise<DecideResult> {
  return db.transaction(async (trx) => {
    const p = await lockPayout(trx, payoutId);
    if (!p) return { ok: false, message: 'No such payout.' } as const;
    if (p.status !== 'requested') return { ok: false, message: `This payout was already ${p.status}.` } as const;
    const now = clock.now();
    const payout = (await transition(trx, p.id, ['requested'], 'rejected', { reason, decided_by: adminId, decided_at: now, finished_at: now }))!;
    await transfer(trx, {
      idempotencyKey: `payout.rejected:${p.id}`,
      kind: 'payout.rejected',
      reference: { type: 'payout', id: p.id },
      currency: p.currency,
      legs: [
        { account: { userId: p.user_id, type: 'payout_pending' }, amount: -p.amount },
        { account: { userId: p.user_id, type: 'available' }, amount: p.amount },
      ],
    });
    await audit(trx, { actorId: adminId, action: 'payout.reject', subjectType: 'payout', subjectId: p.id, reason, before: { status: p.status }, after: { status: 'rejected' } });
    await emit(trx, 'payout.rejected', { payoutId: p.id, userId: p.user_id, amount: p.amount, currency: p.currency, reason });
    return { ok: true, payout } as const;
  });
}
