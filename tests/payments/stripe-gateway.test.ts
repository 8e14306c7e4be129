import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkGatewayConfig } from '../../src/payments/gateway.js';
import { StripeGateway } from '../../src/payments/stripe-gateway.js';
import { createTestEnv, type TestEnv } from '../db.js';

/** A stand-in for api.stripe.com that records what the SDK sends and answers with minimal objects. */
const seen: { method: string; path: string; headers: IncomingHttpHeaders; body: URLSearchParams }[] = [];
const answers: Record<string, object> = {
  'POST /v1/checkout/sessions': { id: 'cs_test_1', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_1', status: 'open' },
  'POST /v1/refunds': { id: 're_1', object: 'refund', amount: 500, currency: 'eur', status: 'succeeded' },
  'POST /v1/transfers': { id: 'tr_1', object: 'transfer', amount: 900, currency: 'eur' },
  'POST /v1/payouts': { id: 'po_1', object: 'payout', amount: 900, currency: 'eur', status: 'pending' },
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

  it('an unknown payment is null, not an error', async () => {
    expect(await gateway.retrievePayment('pi_missing')).toBeNull();
  });
});
