import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { balances } from '../../src/ledger/ledger.js';
import { deliverEvent, deliveryPlan, localWebhookSecret } from '../../src/payments/local-events.js';
import { startTestApp, eventually, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client } from '../http.js';
import { topupForm } from '../wallets/helpers.js';
import { card } from './helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { LOCAL_GATEWAY_CHAOS: 'on', LOCAL_GATEWAY_CHAOS_SEED: '20261121', LOCAL_GATEWAY_CHAOS_MAX_DELAY_MS: '400' } });
});
afterAll(async () => {
  await app?.stop();
});

describe('the local gateway under chaos (late, doubled, reordered deliveries)', () => {
  it('plans deliveries reproducibly from the seed', () => {
    const config = { ...loadConfig(app.env), REDIS_PREFIX: 'plan-check:' };
    const a = Array.from({ length: 20 }, () => deliveryPlan(config));
    const b = Array.from({ length: 20 }, () => deliveryPlan({ ...config, REDIS_PREFIX: 'plan-check-2:' }));
    expect(a).toEqual(b);
    expect(a.some((p) => p.length === 2)).toBe(true);
    expect(a.flat().every((d) => d >= 0 && d < 400)).toBe(true);
  });

  it('top-ups paid after declines still end credited exactly once', async () => {
    const user = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(user.email, user.password);
    const amounts = [1000, 2000, 3000, 4000];
    for (const amount of amounts) {
      const started = await c.post('/wallet/topups', await topupForm(c, String(amount / 100)), { follow: false });
      const payUrl = started.headers.get('location')!;
      await c.get(payUrl);
      // a decline and then a success on the same payment: two events that may arrive in either order
      await c.post(payUrl, card('4000000000009995'), { follow: false });
      expect((await c.post(payUrl, card('4242424242424242'), { follow: false })).status).toBe(303);
    }
    await eventually(async () => (await balances(app.db, user.id, 'EUR')).available === 10_000, 20_000);
    await eventually(async () => Number((await app.db('gateway_event_log').whereNull('delivered_at').count('* as n').first())?.n) === 0, 20_000);
    const topups = await app.db('topups').where({ user_id: user.id });
    expect(topups.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(Number((await app.db('ledger_transfers').where({ kind: 'topup' }).whereIn('reference_id', topups.map((t) => String(t.id))).count('* as n').first())?.n)).toBe(4);
    // every event was recorded once by Souk, however often it was sent
    const sent = await app.db('gateway_event_log').select('id');
    const recorded = await app.db('webhook_events').whereIn('id', sent.map((e) => e.id));
    expect(recorded).toHaveLength(sent.length);
    expect(recorded.every((r) => r.processed_at)).toBe(true);
  });

  it('a delivery Souk does not acknowledge fails (so the job retries with backoff), then succeeds', async () => {
    let answers = [500, 503, 200];
    const got: { sig: string | undefined; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        got.push({ sig: req.headers['stripe-signature'] as string | undefined, body });
        res.statusCode = answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const config = { ...loadConfig(app.env), PUBLIC_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
      const id = 'evt_retrycheck000000000000000';
      await app.db('gateway_event_log').insert({ id, type: 'payout.paid', object_id: 'po_x', body: JSON.stringify({ id, object: 'event', type: 'payout.paid', data: { object: { id: 'po_x' } } }) });
      await expect(deliverEvent(app.db, config, undefined, id)).rejects.toThrow(/answered 500/);
      await expect(deliverEvent(app.db, config, undefined, id)).rejects.toThrow(/answered 503/);
      expect(await deliverEvent(app.db, config, undefined, id)).toBe(200);
      const row = await app.db('gateway_event_log').where({ id }).first();
      expect(row).toMatchObject({ attempts: 3, last_status: 200 });
      expect(row.delivered_at).not.toBeNull();
      // every attempt carries the same body and a valid Stripe signature
      expect(new Set(got.map((g) => g.body)).size).toBe(1);
      const secret = await localWebhookSecret(config, app.db);
      for (const g of got) expect(Stripe.webhooks.constructEvent(g.body, g.sig!, secret).id).toBe(id);
      answers = [];
    } finally {
      server.close();
    }
  });
});
