import type { Knex } from 'knex';
import type { GatewayEvent, WebhookHandlers } from '../payments/webhook-types.js';
import type { RefundStatus as GatewayRefundStatus } from '../payments/gateway.js';
import { findRefund } from './queries.js';
import { applyRefundOutcome, refundOutcome } from './refunds.js';

interface RefundObject {
  id: string;
  status?: string;
  metadata?: Record<string, string>;
  failure_reason?: string | null;
}

/** One gateway refund applied to ours (found by the id in its metadata); others' refunds are left to reconciliation. */
async function applyOne(db: Knex, o: RefundObject): Promise<void> {
  const ours = Number(o.metadata?.refundId);
  if (!Number.isSafeInteger(ours) || ours <= 0 || typeof o.status !== 'string') return;
  const r = await findRefund(db, ours);
  if (!r || (r.gateway_refund_id && r.gateway_refund_id !== o.id)) return;
  await applyRefundOutcome(db, r.id, o.id, refundOutcome(o.status as GatewayRefundStatus), o.failure_reason ?? null);
}

/** charge.refunded lists every refund of the charge, newest first; each is applied on its own, so repeats and reordering change nothing. */
async function onChargeRefunded(db: Knex, event: GatewayEvent): Promise<void> {
  const list = (event.data.object as { refunds?: { data?: RefundObject[] } }).refunds?.data ?? [];
  for (const r of list) await applyOne(db, r);
}

async function onRefund(db: Knex, event: GatewayEvent): Promise<void> {
  await applyOne(db, event.data.object as RefundObject);
}

/** Gateway webhook events the refunds domain reacts to, by Stripe event type. */
export const refundsWebhookHandlers: WebhookHandlers = {
  'charge.refunded': onChargeRefunded,
  'refund.updated': onRefund,
  'refund.failed': onRefund,
};
