import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db.js';
import { balances } from '../../src/ledger/ledger.js';
import { startWeb } from '../../src/main.js';
import { gatewayId, localWebhookSecret } from '../../src/payments/local-events.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createTestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { Client } from '../http.js';
import { topupForm } from '../wallets/helpers.js';
import { card } from './helpers.js';

/** The signing secret every installation shared before it was generated per installation. */
const OLD_FIXED_SECRET = 'whsec_souk_local_gateway_secret';

let app: TestApp;
beforeAll(async () => {
  // no LOCAL_GATEWAY_WEBHOOK_SECRET: the installation makes its own
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(async () => {
  await app?.stop();
});

describe('the built-in test gateway in production', () => {
  it('refuses to start without the explicit demo switch, saying what to set', async () => {
    const production = { ...app.env, NODE_ENV: 'production' };
    expect(() => loadConfig(production)).toThrow(/PAYMENTS=local.*test gateway.*PAYMENTS=stripe.*PAYMENTS_LOCAL_IN_PRODUCTION=yes/s);
    expect(() => loadConfig({ ...production, PAYMENTS: 'local' })).toThrow(/PAYMENTS_LOCAL_IN_PRODUCTION=yes/);
    // the web process stops before it listens
    await expect(startWeb(production)).rejects.toThrow(/PAYMENTS_LOCAL_IN_PRODUCTION/);

    expect(loadConfig({ ...production, PAYMENTS_LOCAL_IN_PRODUCTION: 'yes' }).PAYMENTS).toBe('local');
    expect(() => loadConfig({ ...production, PAYMENTS_LOCAL_IN_PRODUCTION: 'perhaps' })).toThrow(/PAYMENTS_LOCAL_IN_PRODUCTION/);
    expect(loadConfig({ ...production, PAYMENTS: 'stripe' }).PAYMENTS).toBe('stripe');
    // development and tests keep the test gateway by default
    expect(loadConfig({ ...app.env, NODE_ENV: 'development' }).PAYMENTS).toBe('local');
  });
});

describe('the test gateway’s webhook secret', () => {
  async function plantTopup(amount: number) {
    const user = await createUser(app.db);
    const paymentId = gatewayId('pi');
    const reference = `tu_${gatewayId('x').slice(2, 26)}`;
    await app.db('topups').insert({ user_id: user.id, reference, amount, currency: 'EUR', gateway: 'local', payment_id: paymentId });
    const metadata = { purpose: 'topup', userId: String(user.id), topup: reference };
    const object = { id: paymentId, object: 'payment_intent', status: 'succeeded', amount, currency: 'eur', metadata, latest_charge: 'ch_1' };
    const event = { id: gatewayId('evt'), object: 'event', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: 'payment_intent.succeeded' };
    return { user, reference, payload: JSON.stringify(event), eventId: event.id };
  }

  const post = (payload: string, secret: string) =>
    fetch(`${app.baseUrl}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) }, body: payload });

  it('is not the old fixed value: a payment signed with it is refused and credits nothing', async () => {
    const t = await plantTopup(50_000);
    const res = await post(t.payload, OLD_FIXED_SECRET);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid signature' });
    expect(await app.db('webhook_events').where({ id: t.eventId }).first()).toBeUndefined();
    expect((await app.db('topups').where({ reference: t.reference }).first()).status).toBe('pending');
    expect((await balances(app.db, t.user.id, 'EUR')).available).toBe(0);

    // the installation's own secret, kept in its database, is the one that works
    const row = await app.db('settings').where({ key: 'local_gateway_webhook_secret' }).first();
    expect(row.value).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect((await post(t.payload, row.value)).status).toBe(200);
    expect((await balances(app.db, t.user.id, 'EUR')).available).toBe(50_000);
  });

  it('is the same for every process of one installation, and different for another installation', async () => {
    const config = loadConfig(app.env);
    // separate connection pools, as separate web and worker processes have, asking at the same time
    const pools = Array.from({ length: 4 }, () => createDb(app.databaseUrl, 2));
    const other = await createTestEnv();
    try {
      const seen = await Promise.all(pools.map((db) => localWebhookSecret(config, db)));
      expect(new Set(seen).size).toBe(1);
      expect(seen[0]).toBe((await app.db('settings').where({ key: 'local_gateway_webhook_secret' }).first()).value);
      const elsewhere = await localWebhookSecret(loadConfig(other.env), other.db);
      expect(elsewhere).toMatch(/^whsec_[0-9a-f]{64}$/);
      expect(elsewhere).not.toBe(seen[0]);
      // a configured secret wins over the generated one
      expect(await localWebhookSecret({ ...config, LOCAL_GATEWAY_WEBHOOK_SECRET: 'whsec_configured_0123456789' }, pools[0])).toBe('whsec_configured_0123456789');
    } finally {
      await Promise.all(pools.map((db) => db.destroy()));
      await other.drop();
    }
  });

  it('a card top-up is signed by the worker and accepted by the web process', async () => {
    const user = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(user.email, user.password);
    const started = await c.post('/wallet/topups', await topupForm(c, '12'), { follow: false });
    const payUrl = started.headers.get('location')!;
    await c.get(payUrl);
    expect((await c.post(payUrl, card('4242424242424242'), { follow: false })).status).toBe(303);
    await eventually(async () => (await balances(app.db, user.id, 'EUR')).available === 1200, 30_000);
    // the delivery is marked once the web process's answer is back, which can be just after the money shows
    const succeeded = () => app.db('gateway_event_log').whereNotNull('delivered_at').where({ type: 'payment_intent.succeeded' });
    await eventually(async () => (await succeeded()).length > 0, 30_000);
    const delivered = await succeeded();
    expect(delivered.every((e) => e.last_status === 200)).toBe(true);
  });
});
