import type { Knex } from 'knex';
import { GatewayError, type Gateway, type PayoutStatus as GatewayPayoutStatus } from '../payments/gateway.js';
import { clock } from '../lib/clock.js';
import { applyPayoutOutcome, claimForSending, type PayoutOutcome } from './outcomes.js';
import { findPayout, recordGatewayId, stalledPayouts, type PayoutStatus } from './queries.js';

/** The gateway's idempotency key for a payout: one payout row, one gateway payout, however often it is sent. */
export const gatewayKey = (payoutId: number) => `payout:${payoutId}`;

export function outcomeStatus(s: GatewayPayoutStatus): PayoutOutcome['status'] {
  if (s === 'paid') return 'paid';
  if (s === 'failed' || s === 'canceled') return 'failed';
  return 'pending';
}

/** Gateway refusals that mean "this payout will never go", as opposed to "try again later". */
const FINAL_REFUSALS = new Set(['amount_too_small', 'amount_too_large', 'invalid_request_error', 'resource_missing', 'account_invalid', 'bank_account_unusable']);

/**
 * Sends an approved payout (the 'send-payout' job). The payout row is the job's status
 * record: approved → sending here; a retry after a crash finds 'sending' and sends again
 * with the same gateway key, which returns the same gateway payout, so money leaves once.
 * Whatever the gateway answers now is applied; a later answer comes by webhook or poll.
 */
export async function sendPayout(db: Knex, gateway: Gateway, payoutId: number): Promise<PayoutStatus | null> {
  const p = await claimForSending(db, payoutId);
  if (!p) return (await findPayout(db, payoutId))?.status ?? null;
  let created;
  try {
    created = await gateway.createPayout(p.amount, p.currency, p.account_number, gatewayKey(p.id), { payoutId: String(p.id), userId: String(p.user_id) });
  } catch (err) {
    if (err instanceof GatewayError && FINAL_REFUSALS.has(err.code)) {
      return applyPayoutOutcome(db, p.id, { gatewayId: null, status: 'failed', failureReason: err.message });
    }
    // unreachable gateway and the like: the job is retried, still 'sending'
    throw err;
  }
  await recordGatewayId(db, p.id, created.id);
  const status = outcomeStatus(created.status);
  if (status === 'pending') return 'sending';
  const failure = status === 'failed' ? (await gateway.retrievePayout(created.id))?.failure?.message : null;
  return applyPayoutOutcome(db, p.id, { gatewayId: created.id, status, failureReason: failure });
}

/**
 * The safety net for lost jobs and lost webhooks: a payout still approved or sending after
 * a while is sent again (same key) or, once it has a gateway id, asked about.
 */
export async function resumeStalled(db: Knex, gateway: Gateway, olderThanMs = 120_000): Promise<number> {
  let touched = 0;
  for (const s of await stalledPayouts(db, new Date(clock.nowMs() - olderThanMs))) {
    const p = await findPayout(db, s.id);
    if (!p) continue;
    if (p.gateway_payout_id) {
      const remote = await gateway.retrievePayout(p.gateway_payout_id);
      if (remote && outcomeStatus(remote.status) !== 'pending') {
        await applyPayoutOutcome(db, p.id, { gatewayId: remote.id, status: outcomeStatus(remote.status), failureReason: remote.failure?.message });
        touched++;
      }
    } else {
      await sendPayout(db, gateway, p.id);
      touched++;
    }
  }
  return touched;
}
