import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkGatewayConfig } from '../../src/payments/gateway.js';
import { StripeGateway } from '../../src/payments/stripe-gateway.js';
import type { GatewayEvent } from '../../src/payments/webhook-types.js';
import { processEvent } from '../../src/payments/webhooks.js';
import { runReconciliation } from '../../src/payouts/reconciliation.js';
import { issueRefund, sendCardRefund } from '../../src/refunds/refunds.js';
import { balances, transfer } from '../../src/ledger/ledger.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';

/** A stand-in for api.stripe.com that records what the SDK sends and answers with minimal objects. */
const seen: { method: string; path: string; headers: IncomingHttpHeaders; body: URLSearchParams }[] = [];
const now = () => Math.floor(Date.now() / 1000);
const list = (url: string, data: object[]) => ({ object: 'list', data, has_more: false, url });
const answers: Record<string, object> = {
  'POST /v1/checkout/sessions': { id: 'cs_test_1', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_1', status: 'open' },
  'POST /v1/refunds': { id: 're_1', object: 'refund', amount: 500, currency: 'eur', status: 'succeeded' },
  'POST /v1/transfers': { id: 'tr_1', object: 'transfer', amount: 900, currency: 'eur' },
  'POST /v1/payouts': { id: 'po_1', object: 'payout', amount: 900, currency: 'eur', status: 'pending' },
  'GET /v1/payouts/po_1': { id: 'po_1', object: 'payout', amount: 900, currency: 'eur', status: 'pending', created: now(), metadata: {} },
  'GET /v1/refunds': list('/v1/refunds', []),
  'GET /v1/payment_intents': list('/v1/payment_intents', []),
};
let server: Server;
let env: TestEnv;
let gateway: StripeGateway;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      seen.push({ method: req.method!, path, headers: req.headers, body: new URLSearchParams(body) });
      const answer = answers[`${req.method} ${path}`];
      res.setHeader('content-type', 'application/json');
      res.statusCode = answer ? 200 : 404;
      res.end(JSON.stringify(answer ?? { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such object' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  env = await createTestEnv();
  gateway = new StripeGateway('sk_test_offline', env.db, { host: '127.0.0.1', port: (server.address() as AddressInfo).port, protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  server?.close();
  await env?.drop();
});

describe('the Stripe gateway, offline', () => {
  it('refuses to start without its keys, with a clear message', () => {
    const base = { ...env.env, PAYMENTS: 'stripe' };
    expect(() => checkGatewayConfig(loadConfig(base))).toThrow(/STRIPE_SECRET_KEY.*STRIPE_WEBHOOK_SECRET.*PUBLIC_URL/);
    expect(() => checkGatewayConfig(loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', PUBLIC_URL: 'https://souk.example' }))).not.toThrow();
    expect(() => checkGatewayConfig(loadConfig(env.env))).not.toThrow();
  });

  it('creates a top-up as a Checkout Session with metadata and Stripe’s idempotency key', async () => {
    const p = await gateway.createPayment({ amount: 2550, currency: 'EUR', userId: 7, idempotencyKey: 'tu_abc', returnUrl: 'https://souk.example/wallet/topups/tu_abc', purpose: 'topup', metadata: { topup: 'tu_abc' } });
    expect(p).toEqual({ id: 'cs_test_1', status: 'requires_payment_method', redirectUrl: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    const r = seen.find((s) => s.path === '/v1/checkout/sessions')!;
    expect(r.headers['idempotency-key']).toBe('tu_abc');
    expect(r.headers.authorization).toBe('Bearer sk_test_offline');
    expect(Object.fromEntries(r.body)).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '2550',
      'line_items[0][quantity]': '1',
      success_url: 'https://souk.example/wallet/topups/tu_abc',
      'metadata[userId]': '7',
      'metadata[purpose]': 'topup',
      'payment_intent_data[metadata][topup]': 'tu_abc',
      'payment_intent_data[metadata][userId]': '7',
    });
  });

  it('refunds a PaymentIntent with an idempotency key', async () => {
    const r = await gateway.refund('pi_123', 500, 'refund:1');
    expect(r).toMatchObject({ id: 're_1', status: 'succeeded', amount: 500 });
    const req = seen.find((s) => s.path === '/v1/refunds')!;
    expect(req.headers['idempotency-key']).toBe('refund:1');
    expect(Object.fromEntries(req.body)).toMatchObject({ payment_intent: 'pi_123', amount: '500' });
  });

  it('pays out through Connect: a transfer to the account, then a payout on it', async () => {
    const p = await gateway.createPayout(900, 'EUR', 'acct_1Seller', 'payout:9', { payoutId: '9' });
    expect(p).toEqual({ id: 'po_1', status: 'pending' });
    const t = seen.find((s) => s.path === '/v1/transfers')!;
    expect(t.headers['idempotency-key']).toBe('payout:9:transfer');
    expect(Object.fromEntries(t.body)).toMatchObject({ amount: '900', currency: 'eur', destination: 'acct_1Seller', 'metadata[payoutId]': '9' });
    const po = seen.find((s) => s.path === '/v1/payouts')!;
    expect(po.headers['stripe-account']).toBe('acct_1Seller');
    expect(po.headers['idempotency-key']).toBe('payout:9:payout');
    await expect(gateway.createPayout(900, 'EUR', '000123456789', 'payout:10')).rejects.toMatchObject({ code: 'invalid_destination' });
  });

  it('reconciles Checkout top-ups and order card payments by their PaymentIntent: no mismatch', async () => {
    const user = await createUser(env.db);
    const reference = 'tu_stripecheckout000000000';
    // the top-up began as a Checkout Session, as createPayment makes it
    await env.db('topups').insert({ user_id: user.id, reference, amount: 2550, currency: 'EUR', gateway: 'stripe', payment_id: 'cs_test_1' });
    const intent = (id: string, amount: number, metadata: Record<string, string>) => ({ id, object: 'payment_intent', amount, currency: 'eur', status: 'succeeded', created: now(), metadata });
    const succeeded: GatewayEvent = { id: 'evt_topup1', type: 'payment_intent.succeeded', created: now(), data: { object: intent('pi_topup1', 2550, { purpose: 'topup', topup: reference, userId: String(user.id) }) } };
    expect(await processEvent(env.db, succeeded)).toBe('processed');
    expect(await env.db('topups').where({ reference }).first()).toMatchObject({ status: 'succeeded', payment_id: 'pi_topup1' });
    // an order's card money, booked as orders/payment.ts books it: key order-card:<PaymentIntent>, reference the order
    await env.db.transaction((trx) =>
      transfer(trx, {
        idempotencyKey: 'order-card:pi_order1',
        kind: 'topup',
        reference: { type: 'order', id: 41 },
        currency: 'EUR',
        legs: [
          { account: { platform: 'gateway_clearing' }, amount: -4300 },
          { account: { userId: user.id, type: 'available' }, amount: 4300 },
        ],
      }),
    );
    answers['GET /v1/payment_intents'] = list('/v1/payment_intents', [intent('pi_topup1', 2550, { purpose: 'topup', topup: reference, userId: String(user.id) }), intent('pi_order1', 4300, { purpose: 'order', orderId: '41', userId: String(user.id) })]);

    const day = new Date(Date.now() - (Date.now() % 86_400_000));
    const [run] = await env.db('reconciliation_runs').insert({ period_start: day, period_end: new Date(day.getTime() + 86_400_000), trigger: 'schedule' }).returning('*');
    const done = await runReconciliation(env.db, gateway, run.id);
    expect(await env.db('reconciliation_mismatches').where({ run_id: run.id })).toEqual([]);
    expect(done).toMatchObject({ status: 'matched', ledger_count: 2 });
    expect(seen.some((r) => r.method === 'GET' && r.path === '/v1/payment_intents')).toBe(true);
  });

  it('a card refund settles from the API answer and refund.updated; refund.failed gives the money back once', async () => {
    const user = await createUser(env.db);
    const admin = await createUser(env.db);
    const reference = 'tu_stripecheckoutrefund000';
    await env.db('topups').insert({ user_id: user.id, reference, amount: 3000, currency: 'EUR', gateway: 'stripe', payment_id: 'cs_test_2' });
    const pi = { id: 'pi_refunded1', object: 'payment_intent', amount: 3000, currency: 'eur', status: 'succeeded', created: now(), metadata: { purpose: 'topup', topup: reference, userId: String(user.id) } };
    await processEvent(env.db, { id: 'evt_pi_refunded1', type: 'payment_intent.succeeded', created: now(), data: { object: pi } });
    const topup = await env.db('topups').where({ reference }).first();
    const refund = await env.db.transaction((trx) => issueRefund(trx, admin.id, { user_id: user.id, destination: `topup:${topup.id}`, amount: 1000, reason: 'Damaged' }));
    const refundObject = (status: string, extra: object = {}) => ({ id: 're_async1', object: 'refund', amount: 1000, currency: 'eur', status, payment_intent: 'pi_refunded1', metadata: { refundId: String(refund.id), userId: String(user.id) }, ...extra });
    answers['POST /v1/refunds'] = refundObject('pending');
    expect(await sendCardRefund(env.db, gateway, refund.id)).toMatchObject({ status: 'pending', gateway_refund_id: 're_async1' });
    const sent = seen.filter((r) => r.path === '/v1/refunds' && r.method === 'POST').pop()!;
    expect(Object.fromEntries(sent.body)).toMatchObject({ payment_intent: 'pi_refunded1', amount: '1000' });
    // charge.refunded on current versions carries no refunds list: it changes nothing
    await processEvent(env.db, { id: 'evt_charge1', type: 'charge.refunded', created: now(), data: { object: { id: 'ch_1', object: 'charge', amount_refunded: 1000, payment_intent: 'pi_refunded1' } } });
    expect((await env.db('refunds').where({ id: refund.id }).first()).status).toBe('pending');
    await processEvent(env.db, { id: 'evt_re_updated1', type: 'refund.updated', created: now(), data: { object: refundObject('succeeded') } });
    expect((await env.db('refunds').where({ id: refund.id }).first()).status).toBe('succeeded');
    expect((await balances(env.db, user.id)).available).toBe(2000);

    const failed = { id: 'evt_re_failed1', type: 'refund.failed', created: now(), data: { object: refundObject('failed', { failure_reason: 'lost_or_stolen_card' }) } };
    expect(await processEvent(env.db, failed)).toBe('processed');
    expect(await processEvent(env.db, failed)).toBe('duplicate');
    await processEvent(env.db, { ...failed, id: 'evt_re_updated2', type: 'refund.updated' });
    expect(await env.db('refunds').where({ id: refund.id }).first()).toMatchObject({ status: 'failed', failure_reason: expect.stringContaining('lost or stolen') });
    expect(await env.db('ledger_transfers').where({ idempotency_key: `refund.card.failed:${refund.id}` })).toHaveLength(1);
    expect((await balances(env.db, user.id)).available).toBe(3000);
  });

  it('an unknown payment is null, not an error', async () => {
    expect(await gateway.retrievePayment('pi_missing')).toBeNull();
  });
});
