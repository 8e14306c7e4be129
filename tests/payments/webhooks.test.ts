import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balances } from '../../src/ledger/ledger.js';
import { gatewayId } from '../../src/payments/local-events.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';

const SECRET = 'whsec_test_webhooks_secret';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { LOCAL_GATEWAY_WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await app?.stop();
});

function event(type: string, object: Record<string, unknown>, id = gatewayId('evt')) {
  return { id, object: 'event', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
}

async function post(body: string, header: string | null, contentType = 'application/json') {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (header !== null) headers['stripe-signature'] = header;
  const res = await fetch(`${app.baseUrl}/webhooks/stripe`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

function signed(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET, timestamp: opts.timestamp });
}

const deliver = (e: object) => {
  const payload = JSON.stringify(e);
  return post(payload, signed(payload));
};

const recorded = async (id: string) => Boolean(await app.db('webhook_events').where({ id }).first());

describe('the webhook endpoint refuses what it cannot trust, with 400 and nothing recorded', () => {
  const e = event('payment_intent.succeeded', { id: gatewayId('pi'), object: 'payment_intent', metadata: {} });
  const payload = JSON.stringify(e);

  it('a forged signature (signed for another body)', async () => {
    const other = JSON.stringify({ ...e, type: 'payment_intent.payment_failed' });
    expect((await post(payload, signed(other))).status).toBe(400);
    expect(await recorded(e.id)).toBe(false);
  });

  it('a signature made with the wrong secret', async () => {
    expect((await post(payload, signed(payload, { secret: 'whsec_not_ours' }))).status).toBe(400);
    expect(await recorded(e.id)).toBe(false);
  });

  it('a stale timestamp (more than 300 s old)', async () => {
    expect((await post(payload, signed(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).status).toBe(400);
    expect(await recorded(e.id)).toBe(false);
  });

  it('no signature, a garbage signature, or another content type', async () => {
    expect((await post(payload, null)).status).toBe(400);
    expect((await post(payload, 't=1,v1=abc')).status).toBe(400);
    expect((await post(payload, signed(payload), 'text/plain')).status).toBe(400);
    expect(await recorded(e.id)).toBe(false);
  });

  it('a malformed body, even when correctly signed', async () => {
    for (const body of ['{not json', '[]', JSON.stringify({ id: 'evt_1', type: 'x' }), JSON.stringify({ ...e, id: 42 }), JSON.stringify({ ...e, data: { object: null } })]) {
      const res = await post(body, signed(body));
      expect(res.status, body).toBe(400);
    }
    expect(Number((await app.db('webhook_events').count('* as n').first())?.n)).toBe(0);
  });

  it('accepts the genuine article, once', async () => {
    const first = await post(payload, signed(payload));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ received: true, duplicate: false });
    const again = await post(payload, signed(payload));
    expect(JSON.parse(again.body)).toEqual({ received: true, duplicate: true });
    const row = await app.db('webhook_events').where({ id: e.id }).first();
    expect(row.type).toBe('payment_intent.succeeded');
    expect(row.processed_at).not.toBeNull();
  });
});

/** A pending top-up of `amount` for a fresh user, and the gateway events about its payment. */
async function plantTopup(amount = 4200) {
  const user = await createUser(app.db);
  const paymentId = gatewayId('pi');
  const reference = `tu_${gatewayId('x').slice(2, 26)}`;
  await app.db('topups').insert({ user_id: user.id, reference, amount, currency: 'EUR', gateway: 'local', payment_id: paymentId });
  const metadata = { purpose: 'topup', userId: String(user.id), topup: reference };
  const intent = { id: paymentId, object: 'payment_intent', amount, currency: 'eur', metadata, latest_charge: 'ch_1' };
  const events = {
    failed: event('payment_intent.payment_failed', { ...intent, status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } }),
    succeeded: event('payment_intent.succeeded', { ...intent, status: 'succeeded' }),
    refunded: event('charge.refunded', { id: 'ch_1', object: 'charge', amount, amount_refunded: 0, payment_intent: paymentId, metadata, refunds: { object: 'list', data: [] } }),
  };
  return { user, reference, events };
}

async function finalState(userId: number, reference: string) {
  const t = await app.db('topups').where({ reference }).first();
  const b = await balances(app.db, userId, 'EUR');
  const transfers = Number((await app.db('ledger_transfers').where({ idempotency_key: `topup:${t.payment_id}` }).count('* as n').first())?.n);
  return { status: t.status, available: b.available, transfers };
}

describe('the same events, delivered late, twice or out of order, end the same', () => {
  it('a top-up delivered in order: credited once', async () => {
    const t = await plantTopup();
    for (const e of [t.events.failed, t.events.succeeded, t.events.refunded]) expect((await deliver(e)).status).toBe(200);
    expect(await finalState(t.user.id, t.reference)).toEqual({ status: 'succeeded', available: 4200, transfers: 1 });
  });

  it('any permutation with duplicates (1–5 copies of each) gives the in-order result', async () => {
    const names = ['failed', 'succeeded', 'refunded'] as const;
    const deliveries = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([a, b, c]) => {
        const all = [...Array(a).fill(names[0]), ...Array(b).fill(names[1]), ...Array(c).fill(names[2])] as (typeof names)[number][];
        return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      });
    const reference = await plantTopup();
    for (const n of names) await deliver(reference.events[n]);
    const expected = await finalState(reference.user.id, reference.reference);

    await fc.assert(
      fc.asyncProperty(deliveries, async (order) => {
        const t = await plantTopup();
        for (const n of order) expect((await deliver(t.events[n])).status).toBe(200);
        expect(await finalState(t.user.id, t.reference)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('a failure that arrives after the success does not undo it', async () => {
    const t = await plantTopup(1500);
    await deliver(t.events.succeeded);
    await deliver(t.events.failed);
    expect(await finalState(t.user.id, t.reference)).toEqual({ status: 'succeeded', available: 1500, transfers: 1 });
  });

  it('a failure alone marks the top-up failed and moves nothing', async () => {
    const t = await plantTopup(1500);
    await deliver(t.events.failed);
    await deliver(t.events.failed);
    expect(await finalState(t.user.id, t.reference)).toEqual({ status: 'failed', available: 0, transfers: 0 });
    expect((await app.db('topups').where({ reference: t.reference }).first()).failure_message).toBe('Your card was declined.');
  });

  it('the same event delivered concurrently is applied once', async () => {
    const t = await plantTopup(900);
    const results = await Promise.all(Array.from({ length: 8 }, () => deliver(t.events.succeeded)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => JSON.parse(r.body).duplicate === false)).toHaveLength(1);
    expect(await finalState(t.user.id, t.reference)).toEqual({ status: 'succeeded', available: 900, transfers: 1 });
  });

  it('a success for another user or amount than the top-up is not credited', async () => {
    const t = await plantTopup(1000);
    const intent = t.events.succeeded.data.object as Record<string, unknown>;
    const other = await createUser(app.db);
    await deliver(event('payment_intent.succeeded', { ...intent, metadata: { ...(intent.metadata as object), userId: String(other.id) } }));
    await deliver(event('payment_intent.succeeded', { ...intent, amount: 100000 }));
    expect(await finalState(t.user.id, t.reference)).toEqual({ status: 'pending', available: 0, transfers: 0 });
    expect((await balances(app.db, other.id, 'EUR')).available).toBe(0);
  });
});
