import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Queues } from '../queue.js';
import { localWebhookSecret } from './local-events.js';
import { LocalGateway } from './local-gateway.js';
import { StripeGateway } from './stripe-gateway.js';

/**
 * The one payment gateway interface Souk uses. Two implementations: the local test
 * gateway (PAYMENTS=local, the default in development and tests; it behaves like Stripe,
 * hosted page and signed webhooks included) and Stripe (PAYMENTS=stripe).
 *
 * Statuses use Stripe's words so webhook handlers read the same for both.
 */
export type PaymentStatus = 'requires_payment_method' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';
export type PayoutStatus = 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';

export interface CreatePaymentInput {
  /** minor units */
  amount: number;
  currency: string;
  userId: number;
  /** passed to the gateway as its idempotency key: a retried call creates no second payment */
  idempotencyKey: string;
  /** where the hosted page sends the buyer back to (absolute, or a path on Souk for the local gateway) */
  returnUrl: string;
  /** what the money is for (metadata.purpose), e.g. 'topup' */
  purpose?: string;
  /** extra metadata, echoed back in webhook events */
  metadata?: Record<string, string>;
  description?: string;
}

export interface CreatedPayment {
  id: string;
  status: PaymentStatus;
  /** the hosted payment page */
  redirectUrl: string;
}

export interface GatewayPayment {
  id: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  amountRefunded: number;
  metadata: Record<string, string>;
  /** why the last attempt failed (Stripe's last_payment_error), if it did */
  failure: { code: string; declineCode: string | null; message: string } | null;
  created: Date;
}

export interface GatewayRefund {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
}

export interface CreatedPayout {
  id: string;
  status: PayoutStatus;
}

export interface GatewayPayout extends CreatedPayout {
  amount: number;
  currency: string;
  destination: string;
  failure: { code: string; message: string } | null;
  metadata: Record<string, string>;
  created: Date;
}

/** One money movement as the gateway sees it, for reconciliation. */
export interface GatewayRecord {
  kind: 'payment' | 'refund' | 'payout';
  id: string;
  amount: number;
  currency: string;
  status: string;
  created: Date;
  /** refunds: the payment refunded */
  paymentId?: string;
  metadata: Record<string, string>;
}

export interface Gateway {
  readonly name: 'local' | 'stripe';
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  retrievePayment(id: string): Promise<GatewayPayment | null>;
  refund(paymentId: string, amount: number, idempotencyKey: string, metadata?: Record<string, string>): Promise<GatewayRefund>;
  createPayout(amount: number, currency: string, destination: string, idempotencyKey: string, metadata?: Record<string, string>): Promise<CreatedPayout>;
  retrievePayout(id: string): Promise<GatewayPayout | null>;
  /** payments, refunds and payouts created in [since, until) */
  listRecords(range: { since: Date; until: Date }): Promise<GatewayRecord[]>;
}

/**
 * A refusal by the gateway, with Stripe's error codes: `idempotency_error` (same key,
 * different request), `resource_missing`, `amount_too_large`, `payment_intent_unexpected_state`,
 * `api_error` (could not reach the gateway).
 */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a gateway needs from the process that uses it. */
export interface GatewayDeps {
  db: Knex;
  queues: Queues;
  redis?: Redis;
}

/** Stripe's endpoint signing secrets; Stripe may have several endpoints (platform and Connect). */
export function stripeWebhookSecrets(config: Config): string[] {
  return (config.STRIPE_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The secret(s) webhook signatures are checked with: Stripe's, or this installation's local gateway secret. */
export async function webhookSecrets(config: Config, db: Knex): Promise<string[]> {
  if (config.PAYMENTS === 'stripe') return stripeWebhookSecrets(config);
  return [await localWebhookSecret(config, db)];
}

/** Refuses to start with Stripe selected but not configured. */
export function checkGatewayConfig(config: Config): void {
  if (config.PAYMENTS !== 'stripe') return;
  const missing = [
    config.STRIPE_SECRET_KEY ? '' : 'STRIPE_SECRET_KEY (sk_live_… or sk_test_…)',
    stripeWebhookSecrets(config).length ? '' : 'STRIPE_WEBHOOK_SECRET (whsec_…, comma-separated for several endpoints)',
    config.PUBLIC_URL ? '' : 'PUBLIC_URL (where Stripe sends buyers back to)',
  ].filter(Boolean);
  if (missing.length) throw new Error(`PAYMENTS=stripe needs ${missing.join(' and ')}. Set them, or use PAYMENTS=local for the built-in test gateway.`);
}

const cache = new WeakMap<Knex, Gateway>();

/** The gateway this deployment is configured for (one per process and database). */
export function gatewayFor(config: Config, deps: GatewayDeps): Gateway {
  const known = cache.get(deps.db);
  if (known) return known;
  checkGatewayConfig(config);
  const g: Gateway = config.PAYMENTS === 'stripe' ? new StripeGateway(config.STRIPE_SECRET_KEY!, deps.db) : new LocalGateway(config, deps);
  cache.set(deps.db, g);
  return g;
}
