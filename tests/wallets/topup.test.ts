import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFLICT_MESSAGE } from '../../src/http/idempotency.js';
import { startTestApp, eventually, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { card } from '../payments/helpers.js';
import { shownBalance, topupForm } from './helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  await app?.stop();
});

async function signedIn() {
  const user = await createUser(app.db);
  const c = new Client(app.baseUrl);
  await c.signIn(user.email, user.password);
  return { user, c };
}

const count = async (table: string, where: Record<string, unknown>) => Number((await app.db(table).where(where).count('* as n').first())?.n);

describe('topping up the wallet by card', () => {
  it('goes through the hosted page; the balance grows once the webhook arrives', async () => {
    const { user, c } = await signedIn();
    const form = await topupForm(c, '25.50');
    const started = await c.post('/wallet/topups', form, { follow: false });
    expect(started.status).toBe(303);
    const payUrl = started.headers.get('location')!;
    expect(payUrl).toMatch(/^\/gateway\/pay\/pi_\w{24}$/);

    const pay = await c.get(payUrl);
    expect(text(pay.doc.querySelector('#gateway-amount'))).toBe('€25.50');
    const back = await c.post(payUrl, card('4242 4242 4242 4242'), { follow: false });
    expect(back.status).toBe(303);
    const topupUrl = back.headers.get('location')!;
    expect(topupUrl).toMatch(/^\/wallet\/topups\/tu_/);
    const returned = await c.get(topupUrl);
    expect(returned.status).toBe(200);
    expect(['pending', 'succeeded']).toContain(returned.doc.querySelector('#topup-status')?.getAttribute('data-status'));

    // the worker delivers the signed webhook over HTTP; then the money is there
    await eventually(async () => shownBalance(await c.get('/wallet'), 'available') === 2550);
    const wallet = await c.get('/wallet');
    expect(text(wallet.doc.querySelector('#wallet-balance'))).toBe('€25.50');
    expect(wallet.doc.querySelector('#history-table tr[data-kind=topup]')?.getAttribute('data-amount')).toBe('2550');
    const done = await c.get(topupUrl);
    expect(done.doc.querySelector('#topup-status')?.getAttribute('data-status')).toBe('succeeded');
    expect(text(done.doc.querySelector('#topup-message'))).toContain('€25.50 is now in your available balance');
    expect(await count('topups', { user_id: user.id })).toBe(1);
  });

  it('a declined card says so, on the hosted page and back in the wallet, and moves nothing', async () => {
    const { user, c } = await signedIn();
    const started = await c.post('/wallet/topups', await topupForm(c, '40'), { follow: false });
    const payUrl = started.headers.get('location')!;
    await c.get(payUrl);
    const declined = await c.post(payUrl, card('4000 0000 0000 0002'), { follow: false });
    expect(declined.status).toBe(402);
    expect(text(declined.doc.querySelector('#gateway-declined'))).toContain('Your card was declined.');
    const back = await c.get(declined.doc.querySelector('#gateway-cancel')!.getAttribute('href')!);
    expect(text(back.doc.querySelector('#topup-message'))).toContain('Your card was declined.');
    await eventually(async () => (await app.db('topups').where({ user_id: user.id }).first()).status === 'failed');
    const after = await c.get(back.url.replace(app.baseUrl, ''));
    expect(after.doc.querySelector('#topup-status')?.getAttribute('data-status')).toBe('failed');
    expect(shownBalance(await c.get('/wallet'), 'available')).toBe(0);
    expect(await count('ledger_transfers', { kind: 'topup', reference_id: String((await app.db('topups').where({ user_id: user.id }).first()).id) })).toBe(0);
  });

  it.each([
    ['', 'Enter an amount.'],
    ['abc', 'Enter an amount like 25 or 25.50.'],
    ['1.999', 'Enter an amount like 25 or 25.50.'],
    ['4.99', 'The smallest top-up is €5.00.'],
    ['2000.01', 'The largest top-up is €2,000.00.'],
  ])('the amount %j gets a message beside the field and starts nothing', async (amount, message) => {
    const { user, c } = await signedIn();
    const page = await c.post('/wallet/topups', await topupForm(c, amount), { follow: false });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-amount-error'))).toBe(message);
    expect(page.doc.querySelector('#f-amount')?.getAttribute('value')).toBe(amount);
    expect(await count('topups', { user_id: user.id })).toBe(0);
  });

  it('one submission replayed 100 times, then 20 at once: one payment, one transfer, the same answer', async () => {
    const { user, c } = await signedIn();
    const form = await topupForm(c, '12');
    const answers: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await c.post('/wallet/topups', form, { follow: false });
      answers.push(`${r.status} ${r.headers.get('location')}`);
    }
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => c.post('/wallet/topups', form, { follow: false })));
    answers.push(...concurrent.map((r) => `${r.status} ${r.headers.get('location')}`));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^303 \/gateway\/pay\/pi_/);
    expect(await count('topups', { user_id: user.id })).toBe(1);
    const payments = await app.db('gateway_payments').whereRaw(`metadata->>'userId' = ?`, [String(user.id)]);
    expect(payments).toHaveLength(1);

    // paying it, and replaying again afterwards, still moves the money once
    const payUrl = answers[0].split(' ')[1];
    await c.get(payUrl);
    await c.post(payUrl, card('4242424242424242'), { follow: false });
    await eventually(async () => shownBalance(await c.get('/wallet'), 'available') === 1200);
    const late = await Promise.all(Array.from({ length: 5 }, () => c.post('/wallet/topups', form, { follow: false })));
    expect(late.map((r) => `${r.status} ${r.headers.get('location')}`)).toEqual(Array(5).fill(answers[0]));
    expect(await count('ledger_transfers', { idempotency_key: `topup:${payments[0].id}` })).toBe(1);
    expect(shownBalance(await c.get('/wallet'), 'available')).toBe(1200);
  });

  it('20 different submissions at once start 20 top-ups', async () => {
    const { user, c } = await signedIn();
    const forms = await Promise.all(Array.from({ length: 20 }, () => topupForm(c, '10')));
    const answers = await Promise.all(forms.map((f) => c.post('/wallet/topups', f, { follow: false })));
    expect(new Set(answers.map((a) => a.headers.get('location'))).size).toBe(20);
    expect(await count('topups', { user_id: user.id })).toBe(20);
  });

  it('the same key with a different amount is refused and changes nothing', async () => {
    const { user, c } = await signedIn();
    const form = await topupForm(c, '30');
    expect((await c.post('/wallet/topups', form, { follow: false })).status).toBe(303);
    const other = await c.post('/wallet/topups', { ...form, amount: '31' }, { follow: false });
    expect(other.status).toBe(422);
    expect(text(other.doc.querySelector('#topup-form .form-error'))).toBe(CONFLICT_MESSAGE);
    expect(await count('topups', { user_id: user.id })).toBe(1);
    expect((await app.db('topups').where({ user_id: user.id }).first()).amount).toBe(3000);
  });

  it('a form without its one-time key is refused', async () => {
    const { user, c } = await signedIn();
    const page = await c.post('/wallet/topups', { amount: '20' }, { follow: false });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#topup-form .form-error'))).toMatch(/one-time key/);
    expect(await count('topups', { user_id: user.id })).toBe(0);
  });

  it('nobody sees another person’s top-up', async () => {
    const owner = await signedIn();
    const started = await owner.c.post('/wallet/topups', await topupForm(owner.c, '15'), { follow: false });
    const ref = (await app.db('topups').where({ user_id: owner.user.id }).first()).reference;
    expect(started.status).toBe(303);
    expect((await owner.c.get(`/wallet/topups/${ref}`)).status).toBe(200);
    const stranger = await signedIn();
    const page = await stranger.c.get(`/wallet/topups/${ref}`);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain('€15.00');
    expect((await stranger.c.get(`/wallet/topups/${ref}`, { htmx: true })).status).toBe(404);
    const anonymous = await new Client(app.baseUrl).get(`/wallet/topups/${ref}`, { follow: false });
    expect(anonymous.status).not.toBe(200);
  });
});
