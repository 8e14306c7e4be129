import type { PaymentStatus, PayoutStatus, RefundStatus } from './gateway.js';
import { toUnix } from './local-events.js';

/** Rows of the local gateway's own tables. */
export interface PaymentRow {
  id: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  charge_id: string | null;
  amount_refunded: number;
  last_error_code: string | null;
  last_error_decline_code: string | null;
  last_error_message: string | null;
  card_last4: string | null;
  metadata: Record<string, string>;
  description: string | null;
  return_url: string;
  created_at: Date;
  updated_at: Date;
}

export interface RefundRow {
  id: string;
  idempotency_key: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  metadata: Record<string, string>;
  created_at: Date;
}

export interface PayoutRow {
  id: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  destination: string;
  status: PayoutStatus;
  failure_code: string | null;
  failure_message: string | null;
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

/** Stripe's PaymentIntent object, as events carry it. */
export function intentObject(p: PaymentRow) {
  return {
    id: p.id,
    object: 'payment_intent',
    amount: p.amount,
    amount_capturable: 0,
    amount_received: p.status === 'succeeded' ? p.amount : 0,
    capture_method: 'automatic_async',
    confirmation_method: 'automatic',
    created: toUnix(p.created_at),
    currency: p.currency,
    description: p.description,
    last_payment_error: p.last_error_code
      ? { type: 'card_error', code: p.last_error_code, decline_code: p.last_error_decline_code ?? undefined, message: p.last_error_message }
      : null,
    latest_charge: p.charge_id,
    livemode: false,
    metadata: p.metadata,
    payment_method_types: ['card'],
    status: p.status,
  };
}

/** Stripe's Refund object. */
export function refundObject(r: RefundRow, p: PaymentRow) {
  return {
    id: r.id,
    object: 'refund',
    amount: r.amount,
    charge: p.charge_id,
    created: toUnix(r.created_at),
    currency: r.currency,
    metadata: r.metadata,
    payment_intent: p.id,
    reason: null,
    // the one way a local refund fails is Stripe's async-failure test card
    failure_reason: r.status === 'failed' ? 'expired_or_canceled_card' : undefined,
    status: r.status,
  };
}

/**
 * Stripe's Charge object (charge.refunded). Since API version 2022-11-15 a charge no longer
 * carries its refunds list: each refund's own news comes as refund.created / refund.updated /
 * refund.failed.
 */
export function chargeObject(p: PaymentRow) {
  return {
    id: p.charge_id!,
    object: 'charge',
    amount: p.amount,
    amount_captured: p.amount,
    amount_refunded: p.amount_refunded,
    captured: true,
    created: toUnix(p.created_at),
    currency: p.currency,
    livemode: false,
    metadata: p.metadata,
    paid: true,
    payment_intent: p.id,
    refunded: p.amount_refunded === p.amount,
    status: 'succeeded',
  };
}

/** Stripe's Payout object. */
export function payoutObject(p: PayoutRow) {
  return {
    id: p.id,
    object: 'payout',
    amount: p.amount,
    arrival_date: toUnix(p.updated_at),
    automatic: false,
    created: toUnix(p.created_at),
    currency: p.currency,
    destination: p.destination,
    failure_code: p.failure_code,
    failure_message: p.failure_message,
    livemode: false,
    metadata: p.metadata,
    method: 'standard',
    status: p.status,
    type: 'bank_account',
  };
}
