import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, eventually, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { text, type Client } from '../http.js';
import { flash, formKey, fund, signedIn, wallet } from './helpers.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;

beforeAll(async () => {
  app = await startTestApp({
    env: { PAYOUT_MIN: '1000', PAYOUT_DAILY_LIMIT: '50000', RATE_PAYOUTS_PER_DAY: '3', RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' },
  });
  admin = await createAdmin(app.db);
});
afterAll(() => app?.stop());

/** A signed-in person with money and one saved bank account. */
async function payee(amount: number, account = '000123456789') {
  const user = await createUser(app.db);
  if (amount > 0) await fund(app.db, user.id, amount);
  const c = await signedIn(app, user);
  await c.get('/wallet/payouts');
  const saved = await c.post('/wallet/payout-methods', { holder_name: 'Ana Lima', account_number: account });
  expect(saved.status).toBe(200);
  const methodId = saved.doc.querySelector('#f-method_id option')?.getAttribute('value');
  expect(methodId).toBeTruthy();
  return { user, c, methodId: methodId! };
}

async function ask(c: Client, methodId: string, amount: string) {
  const page = await c.get('/wallet/payouts');
  return c.post('/wallet/payouts', { method_id: methodId, amount, idempotency_key: formKey(page, 'payout-form') });
}

const payoutsOf = (userId: number) => app.db('payouts').where({ user_id: userId }).orderBy('id');

describe('bank accounts', () => {
  it('refuses a malformed account beside the field and shows saved ones masked', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    await c.get('/wallet/payouts');
    const bad = await c.post('/wallet/payout-methods', { holder_name: 'Ana Lima', account_number: 'DE89 3704 0044 0532 0130 01' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-account_number-error'))).toContain('IBAN does not add up');
    expect(bad.doc.querySelector('#f-account_number')?.getAttribute('value')).toBe('DE89 3704 0044 0532 0130 01');
    const short = await c.post('/wallet/payout-methods', { holder_name: '', account_number: '12' });
    expect(short.status).toBe(422);
    expect(text(short.doc.querySelector('#f-holder_name-error'))).toContain('account holder');
    expect(text(short.doc.querySelector('#f-account_number-error'))).toContain('8 to 20 digits');
    expect(await app.db('payout_methods').where({ user_id: user.id })).toHaveLength(0);

    const ok = await c.post('/wallet/payout-methods', { holder_name: 'Ana Lima', account_number: 'DE89 3704 0044 0532 0130 00' });
    expect(ok.status).toBe(200);
    expect(flash(ok)).toContain('saved');
    expect(text(ok.doc.querySelector('#payout-methods'))).toContain('•••• 3000');
    expect(ok.html).not.toContain('DE89370400440532013000');
    expect(ok.html).not.toContain('3704 0044');
  });

  it('one person cannot remove another’s account', async () => {
    const { user: owner } = await payee(0);
    const [method] = await app.db('payout_methods').where({ user_id: owner.id });
    const other = await signedIn(app, await createUser(app.db));
    await other.get('/wallet/payouts');
    const res = await other.post(`/wallet/payout-methods/${method.id}`, {}, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect((await app.db('payout_methods').where({ id: method.id }).first()).retired_at).toBeNull();
  });
});

describe('requesting a payout', () => {
  it('moves the amount from available to payout_pending and lists the request', async () => {
    const { user, c, methodId } = await payee(20_000);
    const page = await ask(c, methodId, '120.50');
    expect(page.status).toBe(200);
    expect(flash(page)).toContain('€120.50 requested');
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 7_950, payout_pending: 12_050 });
    const [p] = await payoutsOf(user.id);
    expect(p).toMatchObject({ status: 'requested', amount: 12_050, account_number: '000123456789' });
    const row = page.doc.querySelector(`#payout-list #payout-${p.id}`);
    expect(row?.getAttribute('data-status')).toBe('requested');
    expect(text(row)).toContain('•••• 6789');
    expect(page.doc.querySelector('#payout-pending')?.getAttribute('data-amount')).toBe('12050');

    // the admin sees it in the queue and in the header count
    const a = await signedIn(app, admin);
    const queue = await a.get('/admin/payouts');
    expect(queue.doc.querySelector(`#payout-queue #payout-${p.id}`)).toBeTruthy();
    expect(Number(queue.doc.querySelector('#nav-payouts .badge')?.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
  });

  it('refuses amounts under the minimum, over the balance and over the daily limit, moving nothing', async () => {
    const { user, c, methodId } = await payee(80_000);
    const before = await wallet(app.db, user.id);

    const small = await ask(c, methodId, '9.99');
    expect(small.status).toBe(422);
    expect(text(small.doc.querySelector('#f-amount-error'))).toContain('smallest payout is €10.00');
    expect(small.doc.querySelector('#f-amount')?.getAttribute('value')).toBe('9.99');

    const tooMuch = await ask(c, methodId, '900');
    expect(tooMuch.status).toBe(422);
    expect(text(tooMuch.doc.querySelector('#f-amount-error'))).toContain('You have €800.00 available');

    const garbage = await ask(c, methodId, 'lots');
    expect(garbage.status).toBe(422);
    expect(text(garbage.doc.querySelector('#f-amount-error'))).toContain('Enter an amount');

    // daily limit 500: 400 goes through, then 150 more is refused
    expect((await ask(c, methodId, '400')).status).toBe(200);
    const over = await ask(c, methodId, '150');
    expect(over.status).toBe(422);
    expect(text(over.doc.querySelector('#f-amount-error'))).toContain('€100.00 more today');

    expect(await payoutsOf(user.id)).toHaveLength(1);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: before.available - 40_000, payout_pending: 40_000 });
  });

  it('refuses a fourth request in a day (RATE_PAYOUTS_PER_DAY=3)', async () => {
    const { user, c, methodId } = await payee(10_000);
    for (let i = 0; i < 3; i++) expect((await ask(c, methodId, '10')).status).toBe(200);
    const fourth = await ask(c, methodId, '10');
    expect(fourth.status).toBe(422);
    expect(text(fourth.doc.querySelector('#payout-form .form-error'))).toContain('at most 3 payouts a day');
    expect(await payoutsOf(user.id)).toHaveLength(3);
  });

  it('a replayed form moves money once and answers the same', async () => {
    const { user, c, methodId } = await payee(10_000);
    const page = await c.get('/wallet/payouts');
    const form = { method_id: methodId, amount: '50', idempotency_key: formKey(page, 'payout-form') };
    const [a, b] = await Promise.all([c.post('/wallet/payouts', form, { follow: false }), c.post('/wallet/payouts', form, { follow: false })]);
    const again = await c.post('/wallet/payouts', form, { follow: false });
    for (const r of [a, b, again]) {
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/wallet/payouts');
    }
    expect(await payoutsOf(user.id)).toHaveLength(1);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 5_000, payout_pending: 5_000 });
    // the same key with another amount is refused
    const changed = await c.post('/wallet/payouts', { ...form, amount: '20' });
    expect(changed.status).toBe(422);
    expect(await payoutsOf(user.id)).toHaveLength(1);
  });

  it('two tabs asking for the whole balance at once: exactly one gets it', async () => {
    const { user, c, methodId } = await payee(6_000);
    const [p1, p2] = await Promise.all([c.get('/wallet/payouts'), c.get('/wallet/payouts')]);
    const results = await Promise.all([
      c.post('/wallet/payouts', { method_id: methodId, amount: '60', idempotency_key: formKey(p1, 'payout-form') }),
      c.post('/wallet/payouts', { method_id: methodId, amount: '60', idempotency_key: formKey(p2, 'payout-form') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await payoutsOf(user.id)).toHaveLength(1);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 0, payout_pending: 6_000 });
  });

  it('another person’s account cannot be paid to', async () => {
    const { methodId: theirs } = await payee(0);
    const { user, c } = await payee(5_000);
    const res = await ask(c, theirs, '20');
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector('#f-method_id-error'))).toContain('one of your saved accounts');
    expect(await payoutsOf(user.id)).toHaveLength(0);
  });
});

describe('privacy and roles', () => {
  it('shows people only their own payouts and accounts', async () => {
    const { user: a, c: ca, methodId } = await payee(5_000, '000123456789');
    await ask(ca, methodId, '25');
    const [mine] = await payoutsOf(a.id);
    const { c: cb } = await payee(0, '000111111116');
    for (const path of ['/wallet/payouts', '/wallet/payouts/list']) {
      const page = await cb.get(path);
      expect(page.doc.querySelector(`#payout-${mine.id}`)).toBeNull();
      // what the page shows, not its attributes: a random CSRF token or form key may hold those digits
      expect(text(page.doc)).not.toContain('6789');
    }
  });

  it('refuses non-admins on every admin payout route', async () => {
    const { user, c, methodId } = await payee(5_000);
    await ask(c, methodId, '25');
    const [p] = await payoutsOf(user.id);
    for (const path of ['/admin/payouts', '/admin/payouts/list', '/admin/payouts/reconciliation', '/admin/payouts/reconciliation/runs']) {
      expect((await c.get(path, { follow: false })).status).toBe(403);
    }
    expect((await c.post(`/admin/payouts/${p.id}/approval`, {}, { follow: false })).status).toBe(403);
    expect((await c.post(`/admin/payouts/${p.id}/rejection`, { reason: 'Myself' }, { follow: false })).status).toBe(403);
    expect((await c.post('/admin/payouts/reconciliation/runs', { day: '2026-01-01' }, { follow: false })).status).toBe(403);
    expect((await payoutsOf(user.id))[0].status).toBe('requested');
  });
});

describe('admin decisions', () => {
  it('rejecting needs a reason, then returns the money, audits and notifies', async () => {
    const { user, c, methodId } = await payee(5_000);
    await ask(c, methodId, '30');
    const [p] = await payoutsOf(user.id);
    const a = await signedIn(app, admin);
    await a.get('/admin/payouts');
    const empty = await a.post(`/admin/payouts/${p.id}/rejection`, { reason: ' ' });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector(`#payout-reason-${p.id}-error`))).toContain('at least 3 characters');
    expect((await app.db('payouts').where({ id: p.id }).first()).status).toBe('requested');

    const done = await a.post(`/admin/payouts/${p.id}/rejection`, { reason: 'Name does not match the account' });
    expect(done.status).toBe(200);
    expect(flash(done)).toContain('rejected');
    expect(done.doc.querySelector(`#payout-queue #payout-${p.id}`)).toBeNull();
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 5_000, payout_pending: 0 });
    const audit = await app.db('audit_log').where({ subject_type: 'payout', subject_id: p.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, action: 'payout.reject', reason: 'Name does not match the account' });

    const n = await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'payout.rejected' }).first());
    expect(n.body).toContain('Name does not match the account');
    const mine = await c.get('/wallet/payouts');
    expect(mine.doc.querySelector(`#payout-${p.id}`)?.getAttribute('data-status')).toBe('rejected');
    expect(text(mine.doc.querySelector(`#payout-${p.id} .reason`))).toContain('Name does not match');

    // a second decision on the same payout is refused with a message
    const twice = await a.post(`/admin/payouts/${p.id}/approval`);
    expect(flash(twice)).toContain('already rejected');
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 5_000, payout_pending: 0 });
  });
});
