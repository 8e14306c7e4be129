import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { paths } from '../paths.js';
import { type CardInput, cardDigits, cardOutcome, lastFourRefunding, refundBehaviour } from './cards.js';
import {
  GatewayError,
  type CreatedPayment,
  type CreatedPayout,
  type CreatePaymentInput,
  type Gateway,
  type GatewayDeps,
  type GatewayPayment,
  type GatewayPayout,
  type GatewayRecord,
  type GatewayRefund,
} from './gateway.js';
import { chaosDelay, gatewayId, logEvent, sendEvents } from './local-events.js';
import { chargeObject, intentObject, payoutObject, refundObject, type PaymentRow, type PayoutRow, type RefundRow } from './local-objects.js';

export const PAYOUT_SETTLE_JOB = 'gateway-payout-settle';
export const REFUND_SETTLE_JOB = 'gateway-refund-settle';
/** How long a test card's refund waits before its later status change, at most (the sweep finishes what a lost job left). */
const REFUND_SETTLE_DUE_MS = 60_000;

/** Stripe's test bank account numbers and what happens to a payout sent to them. */
export const TEST_ACCOUNTS: Record<string, { outcome: 'paid' | 'failed' | 'paid_then_failed'; code?: string; message?: string }> = {
  '000123456789': { outcome: 'paid' },
  '000111111116': { outcome: 'failed', code: 'no_account', message: 'The bank account details on file are probably incorrect. No bank account could be located with those details.' },
  '000111111113': { outcome: 'failed', code: 'account_closed', message: 'The bank account has been closed.' },
  '000222222227': { outcome: 'paid_then_failed', code: 'could_not_process', message: 'The bank could not process this payout.' },
};

/** What the hosted page does after a card is submitted. */
export type ConfirmResult =
  | { kind: 'succeeded'; payment: PaymentRow }
  | { kind: 'requires_action'; payment: PaymentRow }
  | { kind: 'declined'; payment: PaymentRow; message: string }
  | { kind: 'not_payable'; payment: PaymentRow };

const sameMeta = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function conflict(): GatewayError {
  return new GatewayError('idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
}

/**
 * The local test gateway: persists its payments, refunds and payouts in its own tables,
 * serves a hosted payment page inside Souk and sends Stripe-shaped, signed webhooks.
 */
export class LocalGateway implements Gateway {
  readonly name = 'local' as const;
  constructor(
    private readonly config: Config,
    private readonly deps: GatewayDeps,
  ) {}

  private get db(): Knex {
    return this.deps.db;
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new GatewayError('amount_too_small', 'Amount must be a positive integer of minor units.');
    const metadata = { ...input.metadata, userId: String(input.userId), purpose: input.purpose ?? 'payment' };
    const currency = input.currency.toLowerCase();
    const [inserted] = await this.db('gateway_payments')
      .insert({ id: gatewayId('pi'), idempotency_key: input.idempotencyKey, amount: input.amount, currency, metadata: JSON.stringify(metadata), description: input.description ?? null, return_url: input.returnUrl })
      .onConflict('idempotency_key')
      .ignore()
      .returning('*');
    const row: PaymentRow = inserted ?? (await this.db('gateway_payments').where({ idempotency_key: input.idempotencyKey }).first());
    if (row.amount !== input.amount || row.currency !== currency || row.return_url !== input.returnUrl || !sameMeta(row.metadata, metadata)) throw conflict();
    return { id: row.id, status: row.status, redirectUrl: paths.gatewayPay(row.id) };
  }

  async findPayment(id: string): Promise<PaymentRow | null> {
    if (!/^pi_[0-9A-Za-z]{24}$/.test(id)) return null;
    return (await this.db('gateway_payments').where({ id }).first()) ?? null;
  }

  async retrievePayment(id: string): Promise<GatewayPayment | null> {
    const row = await this.findPayment(id);
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      amount: row.amount,
      currency: row.currency.toUpperCase(),
      amountRefunded: row.amount_refunded,
      metadata: row.metadata,
      failure: row.last_error_code ? { code: row.last_error_code, declineCode: row.last_error_decline_code, message: row.last_error_message ?? '' } : null,
      created: row.created_at,
    };
  }

  /** The hosted page's "Pay" button: one attempt with a (valid) card, decided by Stripe's test numbers. */
  async confirm(id: string, card: CardInput): Promise<ConfirmResult> {
    const events: string[] = [];
    const result = await this.db.transaction(async (trx): Promise<ConfirmResult> => {
      const p: PaymentRow = await trx('gateway_payments').where({ id }).forUpdate().first();
      if (p.status !== 'requires_payment_method') return { kind: 'not_payable', payment: p };
      const last4 = cardDigits(card.number).slice(-4);
      const outcome = cardOutcome(card.number);
      if (outcome.kind === 'succeed') return { kind: 'succeeded', payment: await this.succeed(trx, p, last4, events) };
      if (outcome.kind === 'authenticate') {
        const [row] = await trx('gateway_payments').where({ id }).update({ status: 'requires_action', card_last4: last4, last_error_code: null, last_error_decline_code: null, last_error_message: null, updated_at: new Date() }).returning('*');
        return { kind: 'requires_action', payment: row };
      }
      const row = await this.fail(trx, p, { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message }, last4, events);
      return { kind: 'declined', payment: row, message: outcome.message };
    });
    await sendEvents(this.config, this.deps.queues, events);
    return result;
  }

  /** The 3-D Secure-like step: the buyer completes or fails the authentication. */
  async authenticate(id: string, ok: boolean): Promise<ConfirmResult> {
    const events: string[] = [];
    const result = await this.db.transaction(async (trx): Promise<ConfirmResult> => {
      const p: PaymentRow = await trx('gateway_payments').where({ id }).forUpdate().first();
      if (p.status !== 'requires_action') return { kind: 'not_payable', payment: p };
      if (ok) return { kind: 'succeeded', payment: await this.succeed(trx, p, p.card_last4, events) };
      const message = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';
      const row = await this.fail(trx, p, { code: 'payment_intent_authentication_failure', declineCode: null, message }, p.card_last4, events);
      return { kind: 'declined', payment: row, message };
    });
    await sendEvents(this.config, this.deps.queues, events);
    return result;
  }

  private async succeed(trx: Knex.Transaction, p: PaymentRow, last4: string | null, events: string[]): Promise<PaymentRow> {
    const [row] = await trx('gateway_payments')
      .where({ id: p.id })
      .update({ status: 'succeeded', charge_id: gatewayId('ch'), card_last4: last4, last_error_code: null, last_error_decline_code: null, last_error_message: null, updated_at: new Date() })
      .returning('*');
    events.push(await logEvent(trx, 'payment_intent.succeeded', intentObject(row)));
    return row;
  }

  /** Like Stripe: a failed attempt leaves the payment open for another card, and says why. */
  private async fail(trx: Knex.Transaction, p: PaymentRow, err: { code: string; declineCode: string | null; message: string }, last4: string | null, events: string[]): Promise<PaymentRow> {
    const [row] = await trx('gateway_payments')
      .where({ id: p.id })
      .update({ status: 'requires_payment_method', card_last4: last4, last_error_code: err.code, last_error_decline_code: err.declineCode, last_error_message: err.message, updated_at: new Date() })
      .returning('*');
    events.push(await logEvent(trx, 'payment_intent.payment_failed', intentObject(row)));
    return row;
  }

  /**
   * A refund, as Stripe's test mode makes it: most cards refund at once; 4000 0000 0000 7726
   * starts pending and succeeds later; 4000 0000 0000 5126 starts succeeded and fails later.
   * Events: refund.created and charge.refunded now (the charge without its refunds list, as
   * on current API versions), refund.updated (and refund.failed) when the status changes.
   */
  async refund(paymentId: string, amount: number, idempotencyKey: string, metadata: Record<string, string> = {}): Promise<GatewayRefund> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new GatewayError('amount_too_small', 'Refund amount must be a positive integer of minor units.');
    const events: string[] = [];
    let settleLater = false;
    const row = await this.db.transaction(async (trx): Promise<RefundRow> => {
      const existing: RefundRow | undefined = await trx('gateway_refunds').where({ idempotency_key: idempotencyKey }).first();
      if (existing) {
        if (existing.payment_id !== paymentId || existing.amount !== amount) throw conflict();
        return existing;
      }
      const p: PaymentRow | undefined = await trx('gateway_payments').where({ id: paymentId }).forUpdate().first();
      if (!p) throw new GatewayError('resource_missing', `No such payment_intent: '${paymentId}'`);
      // a concurrent twin with the same key waited on the lock above: answer what it did
      const twin: RefundRow | undefined = await trx('gateway_refunds').where({ idempotency_key: idempotencyKey }).first();
      if (twin) return twin;
      if (p.status !== 'succeeded') throw new GatewayError('payment_intent_unexpected_state', 'This PaymentIntent has no successful charge to refund.');
      if (amount > p.amount - p.amount_refunded) throw new GatewayError('amount_too_large', `Refund amount is greater than the unrefunded amount on the charge.`);
      const behaviour = refundBehaviour(p.card_last4);
      settleLater = behaviour !== 'immediate';
      const [r] = await trx('gateway_refunds')
        .insert({ id: gatewayId('re'), idempotency_key: idempotencyKey, payment_id: p.id, amount, currency: p.currency, status: behaviour === 'pending_then_succeeded' ? 'pending' : 'succeeded', metadata: JSON.stringify(metadata) })
        .returning('*');
      const [charged] = await trx('gateway_payments').where({ id: p.id }).update({ amount_refunded: p.amount_refunded + amount, updated_at: new Date() }).returning('*');
      events.push(await logEvent(trx, 'refund.created', refundObject(r, charged)));
      events.push(await logEvent(trx, 'charge.refunded', chargeObject(charged)));
      return r;
    });
    if (settleLater) await this.settleRefundLater(row.id);
    await sendEvents(this.config, this.deps.queues, events);
    return { id: row.id, paymentId: row.payment_id, amount: row.amount, currency: row.currency.toUpperCase(), status: row.status };
  }

  private async settleRefundLater(refundId: string): Promise<void> {
    await this.deps.queues.money.add(REFUND_SETTLE_JOB, { refundId }, { delay: chaosDelay(this.config, 1000), jobId: `gwre-${refundId}-settle` });
  }

  /**
   * The card network's later answer to a refund of a test card that refunds asynchronously
   * (run by a job after a delay, and by the sweep for any the job lost). Applies once: the
   * refund row is locked and only its first status moves.
   */
  async settleRefund(refundId: string): Promise<void> {
    const events: string[] = [];
    await this.db.transaction(async (trx) => {
      const r: RefundRow | undefined = await trx('gateway_refunds').where({ id: refundId }).forUpdate().first();
      if (!r) return;
      const p: PaymentRow = await trx('gateway_payments').where({ id: r.payment_id }).forUpdate().first();
      const behaviour = refundBehaviour(p.card_last4);
      if (behaviour === 'pending_then_succeeded' && r.status === 'pending') {
        const [done] = await trx('gateway_refunds').where({ id: r.id }).update({ status: 'succeeded' }).returning('*');
        events.push(await logEvent(trx, 'refund.updated', refundObject(done, p)));
      } else if (behaviour === 'succeeded_then_failed' && r.status === 'succeeded') {
        const [failed] = await trx('gateway_refunds').where({ id: r.id }).update({ status: 'failed' }).returning('*');
        // the money never left: the charge counts it as unrefunded again
        const [charge] = await trx('gateway_payments').where({ id: p.id }).update({ amount_refunded: p.amount_refunded - r.amount, updated_at: new Date() }).returning('*');
        events.push(await logEvent(trx, 'refund.updated', refundObject(failed, charge)));
        events.push(await logEvent(trx, 'refund.failed', refundObject(failed, charge)));
      }
    });
    await sendEvents(this.config, this.deps.queues, events);
  }

  /** Asynchronous test-card refunds whose later answer is overdue (a lost job): settle them now. */
  async settleOverdueRefunds(now = Date.now()): Promise<number> {
    const rows: { id: string }[] = await this.db('gateway_refunds as r')
      .join('gateway_payments as p', 'p.id', 'r.payment_id')
      .where((q) =>
        q
          .where((a) => a.where('r.status', 'pending').whereIn('p.card_last4', lastFourRefunding('pending_then_succeeded')))
          .orWhere((b) => b.where('r.status', 'succeeded').whereIn('p.card_last4', lastFourRefunding('succeeded_then_failed'))),
      )
      .where('r.created_at', '<', new Date(now - REFUND_SETTLE_DUE_MS))
      .orderBy('r.created_at')
      .limit(500)
      .select('r.id');
    for (const r of rows) await this.settleRefund(r.id);
    return rows.length;
  }

  async createPayout(amount: number, currency: string, destination: string, idempotencyKey: string, metadata: Record<string, string> = {}): Promise<CreatedPayout> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new GatewayError('amount_too_small', 'Payout amount must be a positive integer of minor units.');
    const cur = currency.toLowerCase();
    const [inserted] = await this.db('gateway_payouts')
      .insert({ id: gatewayId('po'), idempotency_key: idempotencyKey, amount, currency: cur, destination, metadata: JSON.stringify(metadata) })
      .onConflict('idempotency_key')
      .ignore()
      .returning('*');
    const row: PayoutRow = inserted ?? (await this.db('gateway_payouts').where({ idempotency_key: idempotencyKey }).first());
    if (row.amount !== amount || row.currency !== cur || row.destination !== destination || !sameMeta(row.metadata, metadata)) throw conflict();
    if (inserted) {
      await this.deps.queues.money.add(PAYOUT_SETTLE_JOB, { payoutId: row.id, phase: 'settle' }, { delay: chaosDelay(this.config, 50), jobId: `gwpo-${row.id}-settle` });
    }
    return { id: row.id, status: row.status };
  }

  /** The bank's answer to a payout (run by a job, after a delay, like the real thing). */
  async settlePayout(payoutId: string, phase: 'settle' | 'reverse'): Promise<void> {
    const events: string[] = [];
    let reverseLater = false;
    await this.db.transaction(async (trx) => {
      const p: PayoutRow | undefined = await trx('gateway_payouts').where({ id: payoutId }).forUpdate().first();
      if (!p) return;
      const account = TEST_ACCOUNTS[p.destination.replace(/\s+/g, '')] ?? { outcome: 'paid' as const };
      let next: Partial<PayoutRow> | null = null;
      if (phase === 'settle' && (p.status === 'pending' || p.status === 'in_transit')) {
        next = account.outcome === 'failed' ? { status: 'failed', failure_code: account.code!, failure_message: account.message! } : { status: 'paid' };
        reverseLater = account.outcome === 'paid_then_failed';
      } else if (phase === 'reverse' && p.status === 'paid' && account.outcome === 'paid_then_failed') {
        next = { status: 'failed', failure_code: account.code!, failure_message: account.message! };
      }
      if (!next) return;
      const [row] = await trx('gateway_payouts').where({ id: payoutId }).update({ ...next, updated_at: new Date() }).returning('*');
      events.push(await logEvent(trx, row.status === 'paid' ? 'payout.paid' : 'payout.failed', payoutObject(row)));
    });
    if (reverseLater) await this.deps.queues.money.add(PAYOUT_SETTLE_JOB, { payoutId, phase: 'reverse' }, { delay: chaosDelay(this.config, 200), jobId: `gwpo-${payoutId}-reverse` });
    await sendEvents(this.config, this.deps.queues, events);
  }

  async retrievePayout(id: string): Promise<GatewayPayout | null> {
    const row: PayoutRow | undefined = await this.db('gateway_payouts').where({ id }).first();
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      amount: row.amount,
      currency: row.currency.toUpperCase(),
      destination: row.destination,
      failure: row.failure_code ? { code: row.failure_code, message: row.failure_message ?? '' } : null,
      metadata: row.metadata,
      created: row.created_at,
    };
  }

  async listRecords({ since, until }: { since: Date; until: Date }): Promise<GatewayRecord[]> {
    const within = <T extends Knex.QueryBuilder>(q: T) => q.where('created_at', '>=', since).where('created_at', '<', until).orderBy('created_at');
    const [payments, refunds, payouts] = await Promise.all([
      within(this.db('gateway_payments').select('*')) as Promise<PaymentRow[]>,
      within(this.db('gateway_refunds').select('*')) as Promise<RefundRow[]>,
      within(this.db('gateway_payouts').select('*')) as Promise<PayoutRow[]>,
    ]);
    return [
      ...payments.map((p) => ({ kind: 'payment' as const, id: p.id, amount: p.amount, currency: p.currency.toUpperCase(), status: p.status, created: p.created_at, metadata: p.metadata })),
      ...refunds.map((r) => ({ kind: 'refund' as const, id: r.id, amount: r.amount, currency: r.currency.toUpperCase(), status: r.status, created: r.created_at, paymentId: r.payment_id, metadata: r.metadata })),
      ...payouts.map((p) => ({ kind: 'payout' as const, id: p.id, amount: p.amount, currency: p.currency.toUpperCase(), status: p.status, created: p.created_at, metadata: p.metadata })),
    ].sort((a, b) => a.created.getTime() - b.created.getTime());
  }
}

