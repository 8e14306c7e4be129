import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { balances, InsufficientFunds, transfer } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { formatMoney, parseMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import { GatewayError, type Gateway, type RefundStatus as GatewayRefundStatus } from '../payments/gateway.js';
import { findRefund, insertRefund, lockRefund, lockTopup, pendingRefunds, recordGatewayRefund, settle, type RefundRow } from './queries.js';

export const refundSchema = z.object({
  user_id: z.string().regex(/^\d{1,15}$/, 'Find the person first.').transform(Number),
  destination: z
    .string({ message: 'Choose where the money goes.' })
    .regex(/^(wallet|topup:\d{1,15})$/, 'Choose where the money goes.'),
  amount: z.string().transform((v, ctx) => {
    const minor = parseMoney(v);
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', message: 'Enter an amount like 12 or 12.50.' });
      return z.NEVER;
    }
    return minor;
  }),
  reason: z.string().trim().min(3, 'Say why (at least 3 characters); the person reads it on their receipt.').max(1000, 'Use at most 1000 characters.'),
});

export type RefundInput = z.infer<typeof refundSchema>;

/** A refund the rules refuse; thrown inside the transaction so nothing of it is kept. */
export class RefundRefused extends Error {
  constructor(
    readonly field: 'amount' | 'destination' | 'form',
    message: string,
  ) {
    super(message);
  }
}

/** The gateway's idempotency key for a card refund: one refund row, one gateway refund. */
export const gatewayRefundKey = (refundId: number) => `refund:${refundId}`;

/**
 * An admin refunds a person, inside the caller's transaction. To the wallet: platform
 * revenue → their available balance (revenue is a platform account and may go below zero;
 * docs/decisions/012). To a card: their available balance → gateway clearing now, limited
 * to what is left unrefunded of that top-up; the gateway call follows the commit.
 */
export async function issueRefund(trx: Knex.Transaction, adminId: number, input: RefundInput): Promise<RefundRow> {
  const now = clock.now();
  const wallet = await balances(trx, input.user_id);
  const money = (n: number) => formatMoney(n, wallet.currency);
  if (input.destination === 'wallet') {
    const refund = await insertRefund(trx, {
      user_id: input.user_id,
      admin_id: adminId,
      destination: 'wallet',
      payment_id: null,
      gateway_payment_id: null,
      amount: input.amount,
      currency: wallet.currency,
      reason: input.reason,
      status: 'succeeded',
      created_at: now,
    });
    await trx('refunds').where({ id: refund.id }).update({ finished_at: now });
    await transfer(trx, {
      idempotencyKey: `refund:${refund.id}`,
      kind: 'refund',
      reference: { type: 'refund', id: refund.id },
      currency: wallet.currency,
      memo: input.reason.slice(0, 200),
      legs: [
        { account: { platform: 'revenue' }, amount: -input.amount },
        { account: { userId: input.user_id, type: 'available' }, amount: input.amount },
      ],
    });
    await audit(trx, { actorId: adminId, action: 'refund.wallet', subjectType: 'user', subjectId: input.user_id, reason: input.reason, after: { refundId: refund.id, amount: input.amount } });
    await emit(trx, 'refund.issued', { refundId: refund.id, userId: input.user_id, amount: input.amount, currency: wallet.currency, destination: 'wallet' });
    return refund;
  }

  const topupId = Number(input.destination.slice('topup:'.length));
  const topup = await lockTopup(trx, input.user_id, topupId);
  if (!topup) throw new RefundRefused('destination', 'Choose one of this person’s successful top-ups.');
  if (input.amount > topup.refundable) {
    throw new RefundRefused('amount', topup.refundable > 0 ? `At most ${money(topup.refundable)} of this top-up can still go back to the card.` : 'This top-up was already refunded in full.');
  }
  const refund = await insertRefund(trx, {
    user_id: input.user_id,
    admin_id: adminId,
    destination: 'card',
    payment_id: topup.id,
    gateway_payment_id: topup.payment_id,
    amount: input.amount,
    currency: topup.currency,
    reason: input.reason,
    status: 'pending',
    created_at: now,
  });
  try {
    await transfer(trx, {
      idempotencyKey: `refund.card:${refund.id}`,
      kind: 'refund.card',
      reference: { type: 'refund', id: refund.id },
      currency: topup.currency,
      memo: input.reason.slice(0, 200),
      legs: [
        { account: { userId: input.user_id, type: 'available' }, amount: -input.amount },
        { account: { platform: 'gateway_clearing' }, amount: input.amount },
      ],
    });
  } catch (err) {
    if (err instanceof InsufficientFunds) {
      throw new RefundRefused('amount', `The person has only ${money(wallet.available)} available; a card refund cannot take more than that.`);
    }
    throw err;
  }
  await audit(trx, { actorId: adminId, action: 'refund.card', subjectType: 'user', subjectId: input.user_id, reason: input.reason, after: { refundId: refund.id, amount: input.amount, topupId } });
  return refund;
}

function outcome(s: GatewayRefundStatus): 'pending' | 'succeeded' | 'failed' {
  if (s === 'succeeded') return 'succeeded';
  if (s === 'failed' || s === 'canceled') return 'failed';
  return 'pending';
}

/**
 * Applies what the gateway says about a card refund, once and in any order:
 * pending → succeeded (the person is told); pending or succeeded → failed (the money
 * returns from gateway clearing to their available balance).
 */
export async function applyRefundOutcome(db: Knex, refundId: number, gatewayId: string | null, status: 'pending' | 'succeeded' | 'failed', failure?: string | null): Promise<RefundRow | undefined> {
  return db.transaction(async (trx) => {
    const r = await lockRefund(trx, refundId);
    if (!r || r.destination !== 'card') return r;
    if (gatewayId && !r.gateway_refund_id) {
      await recordGatewayRefund(trx, r.id, gatewayId);
      r.gateway_refund_id = gatewayId;
    }
    const now = clock.now();
    if (status === 'succeeded' && r.status === 'pending') {
      const done = await settle(trx, r.id, ['pending'], { status: 'succeeded', finished_at: now });
      await emit(trx, 'refund.issued', { refundId: r.id, userId: r.user_id, amount: r.amount, currency: r.currency, destination: 'card' });
      return done;
    }
    if (status === 'failed' && (r.status === 'pending' || r.status === 'succeeded')) {
      const reason = failure || 'The card refund did not go through.';
      const done = await settle(trx, r.id, ['pending', 'succeeded'], { status: 'failed', failure_reason: reason, finished_at: now });
      await transfer(trx, {
        idempotencyKey: `refund.card.failed:${r.id}`,
        kind: 'refund.card.failed',
        reference: { type: 'refund', id: r.id },
        currency: r.currency,
        legs: [
          { account: { platform: 'gateway_clearing' }, amount: -r.amount },
          { account: { userId: r.user_id, type: 'available' }, amount: r.amount },
        ],
      });
      await emit(trx, 'refund.failed', { refundId: r.id, userId: r.user_id, amount: r.amount, currency: r.currency, reason });
      return done;
    }
    return r;
  });
}

/** Gateway refusals that will not change on a retry. */
const FINAL = new Set(['amount_too_large', 'amount_too_small', 'payment_intent_unexpected_state', 'resource_missing', 'charge_already_refunded']);

/** Asks the gateway to pay a card refund back (idempotent by the refund's key); retried by the resume job when unreachable. */
export async function sendCardRefund(db: Knex, gateway: Gateway, refundId: number): Promise<RefundRow | undefined> {
  const r = await findRefund(db, refundId);
  if (!r || r.destination !== 'card' || r.status !== 'pending') return r;
  try {
    const g = await gateway.refund(r.gateway_payment_id!, r.amount, gatewayRefundKey(r.id), { refundId: String(r.id), userId: String(r.user_id) });
    return applyRefundOutcome(db, r.id, g.id, outcome(g.status));
  } catch (err) {
    if (err instanceof GatewayError && FINAL.has(err.code)) return applyRefundOutcome(db, r.id, null, 'failed', err.message);
    throw err;
  }
}

/** Card refunds still pending after a while (a crash after commit, an unreachable gateway): send again, same key. */
export async function resumePendingRefunds(db: Knex, gateway: Gateway, olderThanMs = 120_000): Promise<number> {
  let n = 0;
  for (const r of await pendingRefunds(db, new Date(clock.nowMs() - olderThanMs))) {
    await sendCardRefund(db, gateway, r.id).catch(() => undefined);
    n++;
  }
  return n;
}

export { outcome as refundOutcome };
