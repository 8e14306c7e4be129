import type { Knex } from 'knex';
import { transfer } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { lockPayout, recordGatewayId, transition, type PayoutRow, type PayoutStatus } from './queries.js';

/** What the gateway says about one payout, from its answer or from a webhook. */
export interface PayoutOutcome {
  /** null when the gateway refused to create the payout at all */
  gatewayId: string | null;
  status: 'pending' | 'paid' | 'failed';
  failureReason?: string | null;
}

/**
 * Applies a gateway outcome to a payout, exactly once and in any order:
 * - paid while in flight → payout_pending → gateway_clearing;
 * - failed while in flight → payout_pending → available;
 * - failed after paid (the bank sent it back) → gateway_clearing → available ("reversed");
 * - anything else (a repeat, a late "paid" after a failure) changes nothing.
 * Every move is a conditional status change plus a ledger transfer with its own key, in one transaction.
 */
export async function applyPayoutOutcome(db: Knex, payoutId: number, outcome: PayoutOutcome): Promise<PayoutStatus | null> {
  return db.transaction(async (trx) => {
    const p = await lockPayout(trx, payoutId);
    if (!p) return null;
    if (!p.gateway_payout_id && outcome.gatewayId) await recordGatewayId(trx, p.id, outcome.gatewayId);
    const now = clock.now();
    const inFlight: PayoutStatus[] = ['approved', 'sending'];
    if (outcome.status === 'paid' && inFlight.includes(p.status)) {
      await transition(trx, p.id, inFlight, 'paid', { finished_at: now });
      await move(trx, p, 'payout.paid', outcome.gatewayId, { userId: p.user_id, type: 'payout_pending' }, { platform: 'gateway_clearing' });
      await emit(trx, 'payout.paid', event(p));
      return 'paid';
    }
    if (outcome.status === 'failed' && inFlight.includes(p.status)) {
      const reason = outcome.failureReason || 'The bank refused the transfer.';
      await transition(trx, p.id, inFlight, 'failed', { failure_reason: reason, finished_at: now });
      await move(trx, p, 'payout.failed', outcome.gatewayId, { userId: p.user_id, type: 'payout_pending' }, { userId: p.user_id, type: 'available' });
      await emit(trx, 'payout.failed', { ...event(p), reason });
      return 'failed';
    }
    if (outcome.status === 'failed' && p.status === 'paid') {
      const reason = outcome.failureReason || 'The bank returned the transfer.';
      await transition(trx, p.id, ['paid'], 'reversed', { failure_reason: reason, finished_at: now });
      await move(trx, p, 'payout.reversed', outcome.gatewayId, { platform: 'gateway_clearing' }, { userId: p.user_id, type: 'available' });
      await emit(trx, 'payout.reversed', { ...event(p), reason });
      return 'reversed';
    }
    return p.status;
  });
}

function event(p: PayoutRow) {
  return { payoutId: p.id, userId: p.user_id, amount: p.amount, currency: p.currency };
}

type Account = Parameters<typeof transfer>[1]['legs'][number]['account'];

/** The ledger side of an outcome; its reference is the gateway's payout id, which reconciliation matches on. */
async function move(trx: Knex.Transaction, p: PayoutRow, kind: string, gatewayId: string | null, from: Account, to: Account) {
  const id = gatewayId ?? p.gateway_payout_id;
  await transfer(trx, {
    idempotencyKey: `${kind}:${p.id}`,
    kind,
    reference: id ? { type: 'gateway_payout', id } : { type: 'payout', id: p.id },
    currency: p.currency,
    memo: `payout ${p.id}`,
    legs: [
      { account: from, amount: -p.amount },
      { account: to, amount: p.amount },
    ],
  });
}

/** Marks the payout as being sent; the caller sends only when this or an earlier attempt did. */
export async function claimForSending(db: Knex, payoutId: number): Promise<PayoutRow | null> {
  return db.transaction(async (trx) => {
    const p = await lockPayout(trx, payoutId);
    if (!p) return null;
    if (p.status === 'approved') return (await transition(trx, p.id, ['approved'], 'sending', { sent_at: clock.now() })) ?? null;
    // 'sending' left behind by a crashed attempt: send again, the gateway answers the same key with the same payout
    return p.status === 'sending' ? p : null;
  });
}
