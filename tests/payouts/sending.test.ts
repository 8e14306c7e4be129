import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { gatewayFor } from '../../src/payments/gateway.js';
import { gatewayKey } from '../../src/payouts/sending.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { text } from '../http.js';
import { flash, formKey, fund, platformBalance, signedIn, wallet } from './helpers.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let queues: Queues;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  admin = await createAdmin(app.db);
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
});
afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

/** A person with €100 who has asked for a payout of €40 to `account`. */
async function requested(account: string) {
  const user = await createUser(app.db);
  await fund(app.db, user.id, 10_000);
  const c = await signedIn(app, user);
  await c.get('/wallet/payouts');
  const saved = await c.post('/wallet/payout-methods', { holder_name: 'Ana Lima', account_number: account });
  const methodId = saved.doc.querySelector('#f-method_id option')!.getAttribute('value')!;
  const page = await c.get('/wallet/payouts');
  expect((await c.post('/wallet/payouts', { method_id: methodId, amount: '40', idempotency_key: formKey(page, 'payout-form') })).status).toBe(200);
  const payout = await app.db('payouts').where({ user_id: user.id }).first();
  return { user, c, payout };
}

async function approve(payoutId: number) {
  const a = await signedIn(app, admin);
  await a.get('/admin/payouts');
  const page = await a.post(`/admin/payouts/${payoutId}/approval`);
  expect(page.status).toBe(200);
  expect(flash(page)).toContain('approved');
  const audit = await app.db('audit_log').where({ subject_type: 'payout', subject_id: payoutId, action: 'payout.approve' });
  expect(audit).toHaveLength(1);
}

const statusOf = async (id: number) => (await app.db('payouts').where({ id }).first()).status as string;
const transfersFor = (payoutId: number) => app.db('ledger_transfers').where('idempotency_key', 'like', `payout.%:${payoutId}`).orderBy('id').pluck('kind');

describe('sending an approved payout', () => {
  it('pays it through the gateway: payout_pending empties into gateway clearing and the person is told', async () => {
    const clearingBefore = await platformBalance(app.db, 'gateway_clearing');
    const { user, c, payout } = await requested('000123456789');
    await approve(payout.id);
    await eventually(async () => (await statusOf(payout.id)) === 'paid', 20_000);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 6_000, payout_pending: 0 });
    expect((await platformBalance(app.db, 'gateway_clearing')) - clearingBefore).toBe(4_000);
    const row = await app.db('payouts').where({ id: payout.id }).first();
    expect(row.gateway_payout_id).toMatch(/^po_/);
    expect(await app.db('gateway_payouts').where({ idempotency_key: gatewayKey(payout.id) })).toHaveLength(1);
    expect(await transfersFor(payout.id)).toEqual(['payout.request', 'payout.paid']);
    await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'payout.paid' }).first());
    const page = await c.get('/wallet/payouts');
    expect(page.doc.querySelector(`#payout-${payout.id}`)?.getAttribute('data-status')).toBe('paid');
  });

  it('a failing bank account returns the money to available on its own, with the reason', async () => {
    const { user, c, payout } = await requested('000111111116');
    await approve(payout.id);
    await eventually(async () => (await statusOf(payout.id)) === 'failed', 20_000);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 10_000, payout_pending: 0 });
    expect(await transfersFor(payout.id)).toEqual(['payout.request', 'payout.failed']);
    const n = await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'payout.failed' }).first());
    expect(n.body).toContain('No bank account could be located');
    const page = await c.get('/wallet/payouts');
    expect(text(page.doc.querySelector(`#payout-${payout.id} .reason`))).toContain('No bank account could be located');
  });

  it('a payout the bank returns after paying comes back to available', async () => {
    const clearingBefore = await platformBalance(app.db, 'gateway_clearing');
    const { user, payout } = await requested('000222222227');
    await approve(payout.id);
    await eventually(async () => (await statusOf(payout.id)) === 'reversed', 20_000);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 10_000, payout_pending: 0 });
    expect(await platformBalance(app.db, 'gateway_clearing')).toBe(clearingBefore);
    expect(await transfersFor(payout.id)).toEqual(['payout.request', 'payout.paid', 'payout.reversed']);
    await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'payout.reversed' }).first());
  });

  it('a send that crashed half-way is finished by the rerun, with one gateway payout', async () => {
    const { user, payout } = await requested('000123456789');
    // the state a crash leaves: approved, claimed as 'sending', the gateway already called, nothing recorded
    await app.db('payouts').where({ id: payout.id }).update({ status: 'approved', decided_by: admin.id, decided_at: new Date() });
    await app.db('payouts').where({ id: payout.id }).update({ status: 'sending', sent_at: new Date() });
    const gateway = gatewayFor(loadConfig(app.env), { db: app.db, queues });
    await gateway.createPayout(payout.amount, payout.currency, payout.account_number, gatewayKey(payout.id), { payoutId: String(payout.id), userId: String(user.id) });

    await queues.money.add('send-payout', { payoutId: payout.id }, { jobId: `test-rerun-${payout.id}` });
    await queues.money.add('send-payout', { payoutId: payout.id }, { jobId: `test-rerun-again-${payout.id}` });
    await eventually(async () => (await statusOf(payout.id)) === 'paid', 20_000);
    expect(await app.db('gateway_payouts').where({ idempotency_key: gatewayKey(payout.id) })).toHaveLength(1);
    expect(await transfersFor(payout.id)).toEqual(['payout.request', 'payout.paid']);
    expect(await wallet(app.db, user.id)).toMatchObject({ available: 6_000, payout_pending: 0 });
  });
});
