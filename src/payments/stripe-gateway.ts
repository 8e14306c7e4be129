import type { Knex } from 'knex';
import Stripe from 'stripe';
import {
  GatewayError,
  type CreatedPayment,
  type CreatedPayout,
  type CreatePaymentInput,
  type Gateway,
  type GatewayPayment,
  type GatewayPayout,
  type GatewayRecord,
  type GatewayRefund,
  type PaymentStatus,
  type PayoutStatus,
} from './gateway.js';

/**
 * Stripe, with the official SDK (see docs/decisions/011-payment-gateway.md):
 * - top-ups are Checkout Sessions (Stripe's hosted page, so Souk needs no card form or
 *   client script); the PaymentIntent carries metadata userId/purpose/topup, and its
 *   payment_intent.* events drive the ledger;
 * - refunds are Refunds on that PaymentIntent;
 * - payouts use Connect: a Transfer from the platform balance to the seller's connected
 *   account (`destination` = acct_…), then a Payout on that account to its bank. Both
 *   calls carry Stripe idempotency keys derived from Souk's.
 */
export class StripeGateway implements Gateway {
  readonly name = 'stripe' as const;
  readonly stripe: Stripe;
  constructor(
    secretKey: string,
    private readonly db: Knex,
    config: Stripe.StripeConfig = {},
  ) {
    this.stripe = new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: 'Souk' }, ...config });
  }

  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      if (err instanceof Stripe.errors.StripeError) {
        if (err.type === 'StripeIdempotencyError') throw new GatewayError('idempotency_error', err.message);
        throw new GatewayError(err.code ?? (err.type === 'StripeConnectionError' ? 'api_error' : err.type), err.message);
      }
      throw err;
    }
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const metadata = { ...input.metadata, userId: String(input.userId), purpose: input.purpose ?? 'payment' };
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: String(input.userId),
          line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amount, product_data: { name: input.description ?? 'Souk wallet top-up' } } }],
          success_url: input.returnUrl,
          cancel_url: input.returnUrl,
          metadata,
          payment_intent_data: { metadata, description: input.description },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!session.url) throw new GatewayError('api_error', 'Stripe returned a Checkout Session without a URL.');
    return { id: session.id, status: 'requires_payment_method', redirectUrl: session.url };
  }

  /** Accepts a Checkout Session id (cs_…, what createPayment returns) or a PaymentIntent id (pi_…). */
  async retrievePayment(id: string): Promise<GatewayPayment | null> {
    let intent: Stripe.PaymentIntent | null;
    let created: number;
    let fallback: { amount: number; currency: string; metadata: Record<string, string>; status: PaymentStatus } | null = null;
    try {
      if (id.startsWith('cs_')) {
        const s = await this.stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent'] });
        intent = typeof s.payment_intent === 'object' ? s.payment_intent : null;
        created = s.created;
        fallback = { amount: s.amount_total ?? 0, currency: s.currency ?? '', metadata: (s.metadata ?? {}) as Record<string, string>, status: s.status === 'expired' ? 'canceled' : 'requires_payment_method' };
      } else {
        intent = await this.stripe.paymentIntents.retrieve(id);
        created = intent.created;
      }
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing') return null;
      throw new GatewayError('api_error', (err as Error).message);
    }
    if (!intent) return { id, ...fallback!, currency: fallback!.currency.toUpperCase(), amountRefunded: 0, failure: null, created: new Date(created * 1000) };
    const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
    const e = intent.last_payment_error;
    return {
      id,
      status: intent.status === 'requires_confirmation' || intent.status === 'requires_capture' ? 'processing' : (intent.status as PaymentStatus),
      amount: intent.amount,
      currency: intent.currency.toUpperCase(),
      amountRefunded: charge?.amount_refunded ?? 0,
      metadata: intent.metadata as Record<string, string>,
      failure: e ? { code: e.code ?? 'card_error', declineCode: e.decline_code ?? null, message: e.message ?? '' } : null,
      created: new Date(created * 1000),
    };
  }

  /** paymentId: the PaymentIntent (pi_…) or the Checkout Session whose PaymentIntent is refunded. */
  async refund(paymentId: string, amount: number, idempotencyKey: string, metadata: Record<string, string> = {}): Promise<GatewayRefund> {
    let intentId = paymentId;
    if (paymentId.startsWith('cs_')) {
      const s = await this.call(() => this.stripe.checkout.sessions.retrieve(paymentId));
      if (!s.payment_intent) throw new GatewayError('payment_intent_unexpected_state', 'This payment was never completed.');
      intentId = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent.id;
    }
    const r = await this.call(() => this.stripe.refunds.create({ payment_intent: intentId, amount, metadata }, { idempotencyKey }));
    return { id: r.id, paymentId, amount: r.amount, currency: r.currency.toUpperCase(), status: (r.status ?? 'pending') as GatewayRefund['status'] };
  }

  async createPayout(amount: number, currency: string, destination: string, idempotencyKey: string, metadata: Record<string, string> = {}): Promise<CreatedPayout> {
    if (!/^acct_[0-9A-Za-z]+$/.test(destination)) throw new GatewayError('invalid_destination', 'Stripe payouts go to a connected account (acct_…).');
    const cur = currency.toLowerCase();
    const transfer = await this.call(() => this.stripe.transfers.create({ amount, currency: cur, destination, metadata }, { idempotencyKey: `${idempotencyKey}:transfer` }));
    const payout = await this.call(() =>
      this.stripe.payouts.create({ amount, currency: cur, metadata: { ...metadata, transfer: transfer.id } }, { idempotencyKey: `${idempotencyKey}:payout`, stripeAccount: destination }),
    );
    await this.db('stripe_payout_accounts').insert({ payout_id: payout.id, account: destination, transfer_id: transfer.id }).onConflict('payout_id').ignore();
    return { id: payout.id, status: payout.status as PayoutStatus };
  }

  async retrievePayout(id: string): Promise<GatewayPayout | null> {
    const link = await this.db('stripe_payout_accounts').where({ payout_id: id }).first();
    if (!link) return null;
    const p = await this.call(() => this.stripe.payouts.retrieve(id, {}, { stripeAccount: link.account }));
    return {
      id: p.id,
      status: p.status as PayoutStatus,
      amount: p.amount,
      currency: p.currency.toUpperCase(),
      destination: link.account,
      failure: p.failure_code ? { code: p.failure_code, message: p.failure_message ?? '' } : null,
      metadata: p.metadata as Record<string, string>,
      created: new Date(p.created * 1000),
    };
  }

  async listRecords({ since, until }: { since: Date; until: Date }): Promise<GatewayRecord[]> {
    const created = { gte: Math.floor(since.getTime() / 1000), lt: Math.floor(until.getTime() / 1000) };
    const out: GatewayRecord[] = [];
    await this.call(() =>
      this.stripe.paymentIntents.list({ created, limit: 100 }).autoPagingEach((p) => {
        out.push({ kind: 'payment', id: p.id, amount: p.amount, currency: p.currency.toUpperCase(), status: p.status, created: new Date(p.created * 1000), metadata: p.metadata as Record<string, string> });
      }),
    );
    await this.call(() =>
      this.stripe.refunds.list({ created, limit: 100 }).autoPagingEach((r) => {
        const pi = typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? undefined);
        out.push({ kind: 'refund', id: r.id, amount: r.amount, currency: r.currency.toUpperCase(), status: r.status ?? 'pending', created: new Date(r.created * 1000), paymentId: pi, metadata: r.metadata as Record<string, string> });
      }),
    );
    const links: { payout_id: string }[] = await this.db('stripe_payout_accounts').where('created_at', '>=', since).where('created_at', '<', until).select('payout_id');
    for (const l of links) {
      const p = await this.retrievePayout(l.payout_id);
      if (p) out.push({ kind: 'payout', id: p.id, amount: p.amount, currency: p.currency, status: p.status, created: p.created, metadata: p.metadata });
    }
    return out.sort((a, b) => a.created.getTime() - b.created.getTime());
  }
}
