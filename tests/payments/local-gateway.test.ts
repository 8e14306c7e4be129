import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/payments/gateway.js';
import { startTestApp, eventually, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { card, key, localGateway } from './helpers.js';

let app: TestApp;
let gw: ReturnType<typeof localGateway>;
let userId: number;

beforeAll(async () => {
  app = await startTestApp();
  gw = localGateway(app);
  userId = (await createUser(app.db)).id;
});
afterAll(async () => {
  await gw?.close();
  await app?.stop();
});

async function newPayment(amount = 2500) {
  return gw.gateway.createPayment({ amount, currency: 'EUR', userId, idempotencyKey: key(), returnUrl: '/wallet', purpose: 'test' });
}
const status = async (id: string) => (await app.db('gateway_payments').where({ id }).first()).status as string;
const events = async (id: string) => (await app.db('gateway_event_log').where({ object_id: id }).orderBy('created_at')).map((e) => e.type as string);

async function payWith(number: string, over: Parameters<typeof card>[1] = {}) {
  const p = await newPayment();
  const c = new Client(app.baseUrl);
  const page = await c.get(p.redirectUrl);
  expect(page.status).toBe(200);
  const res = await c.post(p.redirectUrl, card(number, over), { follow: false });
  return { p, c, res };
}

describe('the hosted payment page', () => {
  it('is an accessible form that works without JavaScript', async () => {
    const p = await newPayment(1234);
    const page = await new Client(app.baseUrl).get(p.redirectUrl);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('#gateway-amount'))).toBe('€12.34');
    const form = page.doc.querySelector('form#card-form')!;
    expect(form.getAttribute('method')).toBe('post');
    for (const [name, label] of [['number', 'Card number'], ['expiry', 'Expiry date'], ['cvc', 'Security code'], ['name', 'Name on card']]) {
      const input = form.querySelector(`input[name=${name}]`)!;
      expect(text(form.querySelector(`label[for=${input.getAttribute('id')}]`))).toContain(label);
    }
  });

  it('4242 4242 4242 4242 succeeds and sends the buyer back', async () => {
    const { p, res } = await payWith('4242 4242 4242 4242');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/wallet');
    expect(await status(p.id)).toBe('succeeded');
    expect(await events(p.id)).toEqual(['payment_intent.succeeded']);
    // the signed event reached Souk's webhook endpoint over HTTP and was recorded once
    const ev = await app.db('gateway_event_log').where({ object_id: p.id }).first();
    await eventually(async () => (await app.db('webhook_events').where({ id: ev.id }).whereNotNull('processed_at').first()) && (await app.db('gateway_event_log').where({ id: ev.id }).first()).delivered_at);
    const body = JSON.parse(ev.body);
    expect(body).toMatchObject({ object: 'event', type: 'payment_intent.succeeded', livemode: false, data: { object: { id: p.id, object: 'payment_intent', amount: 2500, currency: 'eur', status: 'succeeded' } } });
    expect(body.id).toMatch(/^evt_/);
  });

  it('paying a paid payment again is refused and charges nothing more', async () => {
    const { p, c } = await payWith('4242424242424242');
    const again = await c.post(p.redirectUrl, card('4242424242424242'), { follow: false });
    expect(again.status).toBe(409);
    expect(text(again.doc.querySelector('#gateway-closed h1'))).toMatch(/complete/i);
    expect(await events(p.id)).toEqual(['payment_intent.succeeded']);
  });

  it.each([
    ['4000 0566 5566 5556', '123'],
    ['3782 822463 10005', '1234'],
    ['4000 0000 0000 5126', '123'],
    ['4000 0000 0000 7726', '123'],
  ])('%s (one of Stripe’s test cards) succeeds', async (number, cvc) => {
    const { p, res } = await payWith(number, { cvc });
    expect(res.status).toBe(303);
    expect(await status(p.id)).toBe('succeeded');
    expect(await events(p.id)).toEqual(['payment_intent.succeeded']);
  });

  it.each([
    ['3782 822463 10005', { cvc: '123' }, 'cvc', '4 digits'],
    ['3782 822463 1000', {}, 'number', 'incomplete'],
    ['3782 8224 6310 0055', {}, 'number', 'invalid'],
  ])('an American Express number %s is checked for its own lengths', async (number, over, fieldName, message) => {
    const { p, res } = await payWith(number, over);
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector(`#f-${fieldName}-error`))).toContain(message);
    expect(await status(p.id)).toBe('requires_payment_method');
  });

  it.each([
    ['4000 0000 0000 0002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
    ['4111 1111 1111 1111', 'Your card was declined.'],
  ])('%s is declined with a clear message and the payment stays open', async (number, message) => {
    const { p, c, res } = await payWith(number);
    expect(res.status).toBe(402);
    expect(text(res.doc.querySelector('#gateway-declined'))).toContain(message);
    expect(res.doc.querySelector('form#card-form')).toBeTruthy();
    expect(await status(p.id)).toBe('requires_payment_method');
    expect(await events(p.id)).toEqual(['payment_intent.payment_failed']);
    const ev = JSON.parse((await app.db('gateway_event_log').where({ object_id: p.id }).first()).body);
    expect(ev.data.object.last_payment_error.message).toBe(message);
    // another card on the same page then succeeds
    const retry = await c.post(p.redirectUrl, card('4242424242424242'), { follow: false });
    expect(retry.status).toBe(303);
    expect(await status(p.id)).toBe('succeeded');
  });

  it('4000 0025 0000 3155 asks for an extra confirmation: Complete succeeds', async () => {
    const { p, c, res } = await payWith('4000002500003155');
    expect(res.status).toBe(303);
    const step = await c.get(res.headers.get('location')!);
    expect(step.doc.querySelector('#gateway-authentication')).toBeTruthy();
    expect(await status(p.id)).toBe('requires_action');
    expect(await events(p.id)).toEqual([]);
    const done = await c.post(`${p.redirectUrl}/authentication`, { decision: 'complete' }, { follow: false });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/wallet');
    expect(await status(p.id)).toBe('succeeded');
    expect(await events(p.id)).toEqual(['payment_intent.succeeded']);
  });

  it('4000 0025 0000 3155 asks for an extra confirmation: Fail declines', async () => {
    const { p, c } = await payWith('4000002500003155');
    await c.get(p.redirectUrl);
    const failed = await c.post(`${p.redirectUrl}/authentication`, { decision: 'fail' }, { follow: false });
    expect(failed.status).toBe(402);
    expect(text(failed.doc.querySelector('#gateway-declined'))).toMatch(/unable to authenticate/i);
    expect(await status(p.id)).toBe('requires_payment_method');
    expect(await events(p.id)).toEqual(['payment_intent.payment_failed']);
  });

  it.each([
    ['number', { n: '4242 4242 4242 4241' }, 'invalid'],
    ['number', { n: '4242 4242' }, 'incomplete'],
    ['expiry', { n: '4242424242424242', expiry: '01 / 20' }, 'in the past'],
    ['expiry', { n: '4242424242424242', expiry: '13 / 40' }, 'invalid'],
    ['cvc', { n: '4242424242424242', cvc: '12' }, 'security code'],
    ['name', { n: '4242424242424242', name: ' ' }, 'name on the card'],
  ])('a bad %s gets a message beside the field and changes nothing', async (fieldName, input, message) => {
    const { n, ...over } = input as { n: string; expiry?: string; cvc?: string; name?: string };
    const { p, res } = await payWith(n, over);
    expect(res.status).toBe(422);
    const inputEl = res.doc.querySelector(`#f-${fieldName}`)!;
    expect(inputEl.getAttribute('aria-invalid')).toBe('true');
    expect(text(res.doc.querySelector(`#f-${fieldName}-error`))).toContain(message);
    // the card number and CVC are never echoed back
    expect(res.doc.querySelector('#f-number')!.getAttribute('value')).toBe('');
    expect(await status(p.id)).toBe('requires_payment_method');
    expect(await events(p.id)).toEqual([]);
  });

  it('an unknown payment id is not found', async () => {
    const page = await new Client(app.baseUrl).get('/gateway/pay/pi_000000000000000000000000');
    expect(page.status).toBe(404);
  });
});

describe('the gateway API', () => {
  it('createPayment is idempotent by key, and refuses the same key with other parameters', async () => {
    const k = key();
    const a = await gw.gateway.createPayment({ amount: 700, currency: 'EUR', userId, idempotencyKey: k, returnUrl: '/wallet' });
    const b = await gw.gateway.createPayment({ amount: 700, currency: 'EUR', userId, idempotencyKey: k, returnUrl: '/wallet' });
    expect(b.id).toBe(a.id);
    await expect(gw.gateway.createPayment({ amount: 701, currency: 'EUR', userId, idempotencyKey: k, returnUrl: '/wallet' })).rejects.toMatchObject({ code: 'idempotency_error' });
  });

  it('refunds a paid payment once per key, never more than was paid', async () => {
    const { p } = await payWith('4242424242424242');
    const k = key();
    const r1 = await gw.gateway.refund(p.id, 1000, k);
    const r2 = await gw.gateway.refund(p.id, 1000, k);
    expect(r2.id).toBe(r1.id);
    expect(r1).toMatchObject({ paymentId: p.id, amount: 1000, status: 'succeeded' });
    await expect(gw.gateway.refund(p.id, 1501, key())).rejects.toBeInstanceOf(GatewayError);
    expect((await gw.gateway.retrievePayment(p.id))?.amountRefunded).toBe(1000);
    expect(await events(p.id)).toContain('payment_intent.succeeded');
    const charge = await app.db('gateway_event_log').where({ type: 'charge.refunded' }).orderBy('created_at', 'desc').first();
    expect(JSON.parse(charge.body).data.object).toMatchObject({ object: 'charge', payment_intent: p.id, amount_refunded: 1000, refunded: false });
    // like current API versions: the charge no longer lists its refunds; the refund has its own event
    expect(JSON.parse(charge.body).data.object).not.toHaveProperty('refunds');
    expect(await events(r1.id)).toEqual(['refund.created']);
  });

  it('4000 0000 0000 7726: the refund starts pending and succeeds later with refund.updated', async () => {
    const { p } = await payWith('4000000000007726');
    const r = await gw.gateway.refund(p.id, 800, key(), { refundId: '0' });
    expect(r.status).toBe('pending');
    await eventually(async () => (await events(r.id)).includes('refund.updated'));
    expect(await events(r.id)).toEqual(['refund.created', 'refund.updated']);
    const updated = JSON.parse((await app.db('gateway_event_log').where({ object_id: r.id, type: 'refund.updated' }).first()).body);
    expect(updated.data.object).toMatchObject({ object: 'refund', id: r.id, status: 'succeeded', payment_intent: p.id, amount: 800 });
    expect((await gw.gateway.retrievePayment(p.id))?.amountRefunded).toBe(800);
  });

  it('4000 0000 0000 5126: the refund starts succeeded and fails later with refund.failed; the charge counts it unrefunded again', async () => {
    const { p } = await payWith('4000 0000 0000 5126');
    const r = await gw.gateway.refund(p.id, 600, key(), { refundId: '0' });
    expect(r.status).toBe('succeeded');
    expect((await gw.gateway.retrievePayment(p.id))?.amountRefunded).toBe(600);
    await eventually(async () => (await events(r.id)).includes('refund.failed'));
    expect((await events(r.id)).sort()).toEqual(['refund.created', 'refund.failed', 'refund.updated']);
    const failed = JSON.parse((await app.db('gateway_event_log').where({ object_id: r.id, type: 'refund.failed' }).first()).body);
    expect(failed.data.object).toMatchObject({ id: r.id, status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect((await gw.gateway.retrievePayment(p.id))?.amountRefunded).toBe(0);
    // a second answer (the job and the sweep both running) changes nothing
    await gw.gateway.settleRefund(r.id);
    expect(await gw.gateway.settleOverdueRefunds(Date.now() + 3600_000)).toBe(0);
    expect(await events(r.id)).toHaveLength(3);
  });

  it('the sweep answers an asynchronous refund whose delayed answer was lost', async () => {
    const { p } = await payWith('4000000000007726');
    const r = await gw.gateway.refund(p.id, 500, key(), { refundId: '0' });
    // as if Redis lost the delayed job before it ran
    await gw.queues.money.remove(`gwre-${r.id}-settle`);
    const row = await app.db('gateway_refunds').where({ id: r.id }).first();
    if (row.status === 'pending') {
      expect(await gw.gateway.settleOverdueRefunds(Date.now() + 3600_000)).toBeGreaterThanOrEqual(1);
    }
    expect((await app.db('gateway_refunds').where({ id: r.id }).first()).status).toBe('succeeded');
  });

  it('pays out to Stripe’s test bank accounts with their outcomes', async () => {
    const cases = [
      ['000123456789', ['payout.paid'], 'paid'],
      ['000111111116', ['payout.failed'], 'failed'],
      ['000111111113', ['payout.failed'], 'failed'],
      ['000222222227', ['payout.paid', 'payout.failed'], 'failed'],
    ] as const;
    const made = await Promise.all(cases.map(([dest]) => gw.gateway.createPayout(5000, 'EUR', dest, key(), { payoutId: '0' })));
    for (const [i, [, types, final]] of cases.entries()) {
      await eventually(async () => (await events(made[i].id)).length === types.length);
      expect(await events(made[i].id)).toEqual(types);
      expect((await gw.gateway.retrievePayout(made[i].id))?.status).toBe(final);
    }
    expect((await gw.gateway.retrievePayout(made[1].id))?.failure?.code).toBe('no_account');
    expect((await gw.gateway.retrievePayout(made[2].id))?.failure?.code).toBe('account_closed');
  });

  it('lists payments, refunds and payouts for reconciliation', async () => {
    const records = await gw.gateway.listRecords({ since: new Date(Date.now() - 3600_000), until: new Date(Date.now() + 60_000) });
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['payment', 'refund', 'payout']));
  });
});
