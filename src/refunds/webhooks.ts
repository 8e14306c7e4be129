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

/** Stripe's refund failure reasons in words a person reads on their receipt. */
const FAILURE_REASONS: Record<string, string> = {
  expired_or_canceled_card: 'The card was expired or cancelled, so the bank could not take the refund.',
  lost_or_stolen_card: 'The card was reported lost or stolen, so the bank could not take the refund.',
  declined: 'The bank declined the refund.',
  insufficient_funds: 'The refund could not be paid out.',
  merchant_request: 'The refund was cancelled.',
};

/** One gateway refund applied to ours (found by the id in its metadata); others' refunds are left to reconciliation. */
async function applyOne(db: Knex, o: RefundObject): Promise<void> {
  const ours = Number(o.metadata?.refundId);
  if (!Number.isSafeInteger(ours) || ours <= 0 || typeof o.status !== 'string') return;
  const r = await findRefund(db, ours);
  if (!r || (r.gateway_refund_id && r.gateway_refund_id !== o.id)) return;
  const reason = o.failure_reason ? (FAILURE_REASONS[o.failure_reason] ?? 'The card refund did not go through.') : null;
  await applyRefundOutcome(db, r.id, o.id, refundOutcome(o.status as GatewayRefundStatus), reason);
}

async function onRefund(db: Knex, event: GatewayEvent): Promise<void> {
  await applyOne(db, event.data.object as RefundObject);
}

/**
 * charge.refunded on current API versions (2022-11-15 and later) carries no refunds list, so
 * nothing here relies on it; an endpoint still pinned to an older version sends the list, and
 * each listed refund goes through the same conditional transition.
 */
async function onChargeRefunded(db: Knex, event: GatewayEvent): Promise<void> {
  const list = (event.data.object as { refunds?: { data?: RefundObject[] } }).refunds?.data ?? [];
  for (const r of list) await applyOne(db, r);
}

/**
 * Gateway webhook events the refunds domain reacts to, by Stripe event type. A card refund
 * settles from the refund API's answer and from the refund's own events (sent for card
 * refunds since 2024-10-28): refund.updated when it moves from pending, refund.failed when
 * the bank gives it back (which can follow a `succeeded`). Each applies once, in any order.
 */
export const refundsWebhookHandlers: WebhookHandlers = {
  'refund.created': onRefund,
  'refund.updated': onRefund,
  'refund.failed': onRefund,
  'charge.refunded': onChargeRefunded,
};
