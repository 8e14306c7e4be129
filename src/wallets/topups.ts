import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { transfer } from '../ledger/ledger.js';
import { formatMoney, parseMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import type { GatewayEvent, WebhookHandlers } from '../payments/webhook-types.js';
import { findTopupByReference, lockTopupForPayment, updateTopup, type TopupRow } from './queries.js';

/** The smallest and largest card top-up (minor units): below, card fees eat it; above, it is a bank transfer's job. */
export const TOPUP_MIN = 500;
export const TOPUP_MAX = 200_000;

export const topupSchema = z.object({
  amount: z
    .string({ error: 'Enter an amount.' })
    .trim()
    .min(1, 'Enter an amount.')
    .transform((v, ctx) => {
      const minor = parseMoney(v);
      if (minor === null) {
        ctx.addIssue({ code: 'custom', message: 'Enter an amount like 25 or 25.50.' });
        return z.NEVER;
      }
      return minor;
    })
    .refine((v) => v >= TOPUP_MIN, `The smallest top-up is ${formatMoney(TOPUP_MIN)}.`)
    .refine((v) => v <= TOPUP_MAX, `The largest top-up is ${formatMoney(TOPUP_MAX)}.`),
});

/**
 * The top-up a form submission names: derived from the user and the form's one-time key,
 * so every replay of one submission names the same top-up and the same gateway payment.
 */
export function topupReference(userId: number, formKey: string): string {
  return `tu_${createHash('sha256').update(`${userId}:${formKey}`).digest('base64url').slice(0, 24)}`;
}

export const isTopupReference = (s: string) => /^tu_[\w-]{24}$/.test(s);

export { findTopupByReference };

/** The top-up a payment_intent.* event is about (by our reference in its metadata, else by the payment id). */
async function topupOf(trx: Knex.Transaction, event: GatewayEvent): Promise<{ topup: TopupRow; intent: Record<string, unknown> } | null> {
  const intent = event.data.object;
  const meta = intent.metadata ?? {};
  if (meta.purpose !== 'topup') return null;
  const topup = await lockTopupForPayment(trx, { reference: meta.topup, paymentId: intent.id });
  if (!topup) return null;
  if (String(meta.userId) !== String(topup.user_id)) return null;
  return { topup, intent };
}

/**
 * payment_intent.succeeded: the money arrived at the gateway, so the user's available
 * balance grows by it — once (the top-up row is locked and the ledger key is
 * `topup:<payment id>`), whatever else arrived before or after.
 */
async function onSucceeded(trx: Knex.Transaction, event: GatewayEvent): Promise<void> {
  const found = await topupOf(trx, event);
  if (!found || found.topup.status === 'succeeded') return;
  const { topup, intent } = found;
  // a payment for another amount than the top-up asked for is not credited
  if (Number(intent.amount) !== topup.amount || String(intent.currency).toUpperCase() !== topup.currency) return;
  await transfer(trx, {
    idempotencyKey: `topup:${topup.payment_id ?? intent.id}`,
    kind: 'topup',
    reference: { type: 'topup', id: topup.id },
    currency: topup.currency,
    memo: 'Card top-up',
    legs: [
      { account: { platform: 'gateway_clearing' }, amount: -topup.amount },
      { account: { userId: topup.user_id, type: 'available' }, amount: topup.amount },
    ],
  });
  // With Stripe the top-up began as a Checkout Session (cs_…); from here on it is known by its
  // PaymentIntent, the object refunds and reconciliation deal with (the same id on the local gateway).
  await updateTopup(trx, topup.id, { status: 'succeeded', payment_id: String(intent.id), succeeded_at: new Date(), failure_code: null, failure_message: null });
  await emit(trx, 'topup.changed', { userId: topup.user_id, reference: topup.reference, status: 'succeeded' });
}

/**
 * payment_intent.payment_failed: nothing moves. A pending top-up shows why it failed; a
 * success is never undone by a failure that arrives late (the buyer may have retried
 * with another card on the same payment).
 */
async function onFailed(trx: Knex.Transaction, event: GatewayEvent): Promise<void> {
  const found = await topupOf(trx, event);
  if (!found || found.topup.status !== 'pending') return;
  const err = (found.intent.last_payment_error ?? {}) as { code?: string; decline_code?: string; message?: string };
  await updateTopup(trx, found.topup.id, {
    status: 'failed',
    failed_at: new Date(),
    failure_code: err.decline_code ?? err.code ?? 'payment_failed',
    failure_message: err.message ?? 'The payment failed.',
  });
  await emit(trx, 'topup.changed', { userId: found.topup.user_id, reference: found.topup.reference, status: 'failed' });
}

export const topupWebhookHandlers: WebhookHandlers = {
  'payment_intent.succeeded': onSucceeded,
  'payment_intent.payment_failed': onFailed,
};
