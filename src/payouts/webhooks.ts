import type { Knex } from 'knex';
import type { GatewayEvent, WebhookHandlers } from '../payments/webhook-types.js';
import { applyPayoutOutcome } from './outcomes.js';
import { findPayout, findPayoutByGatewayId } from './queries.js';

/** The payout a gateway event is about: by our id in its metadata, else by the gateway's id. Null when it is not one of ours. */
async function payoutFor(db: Knex, object: GatewayEvent['data']['object']): Promise<number | null> {
  const ours = Number(object.metadata?.payoutId);
  if (Number.isSafeInteger(ours) && ours > 0) {
    const p = await findPayout(db, ours);
    // an event whose gateway id contradicts the one we recorded is not about this payout
    if (p && (!p.gateway_payout_id || p.gateway_payout_id === object.id)) return p.id;
    return null;
  }
  return (await findPayoutByGatewayId(db, object.id))?.id ?? null;
}

function onPayout(status: 'paid' | 'failed') {
  return async (db: Knex, event: GatewayEvent) => {
    const o = event.data.object;
    const id = await payoutFor(db, o);
    if (!id) return;
    const reason = typeof o.failure_message === 'string' ? o.failure_message : null;
    // conditional transitions make a repeat or a late, superseded event a no-op
    await applyPayoutOutcome(db, id, { gatewayId: o.id, status, failureReason: reason });
  };
}

/** Gateway webhook events the payouts domain reacts to, by Stripe event type. */
export const payoutsWebhookHandlers: WebhookHandlers = {
  'payout.paid': onPayout('paid'),
  'payout.failed': onPayout('failed'),
};
