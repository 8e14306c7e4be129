import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deliverEvent } from '../../src/payments/local-events.js';
import { streams } from '../../src/realtime/streams.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { text, type Client } from '../http.js';
import { flash, formKey, fund, listen, platformBalance, signedIn, topUpByCard, wallet } from '../payouts/helpers.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let a: Client;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  admin = await createAdmin(app.db);
  a = await signedIn(app, admin);
});
afterAll(() => app?.stop());

/** The admin's refund form for this person, as a browser would fill it. */
async function refundForm(user: { email: string }) {
  const page = await a.get(`/admin/refunds?user=${encodeURIComponent(user.email)}`);
  expect(page.status).toBe(200);
  const form = page.doc.querySelector('#refund-form');
  expect(form).toBeTruthy();
  return {
    page,
    fields: (over: Record<string, string>) => ({
      user_id: form!.querySelector('input[name=user_id]')!.getAttribute('value')!,
      idempotency_key: formKey(page, 'refund-form'),
      destination: 'wallet',
      ...over,
    }),
  };
}

const refundsOf = (userId: number) => app.db('refunds').where({ user_id: userId }).orderBy('id');

describe('refund to the wallet', () => {
  it('needs a reason; then pays from revenue, audits, and the person is told live and sees the receipt', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const { fields } = await refundForm(user);

    const missing = await a.post('/admin/refunds', fields({ amount: '12.50', reason: '' }));
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector('#f-reason-error'))).toContain('at least 3 characters');
    expect(missing.doc.querySelector('#f-amount')?.getAttribute('value')).toBe('12.50');
    expect(await refundsOf(user.id)).toHaveLength(0);

    const revenueBefore = await platformBalance(app.db, 'revenue');
    const signal = await listen(app, c, streams.user(user.id), 'refunds');
    const done = await a.post('/admin/refunds', fields({ amount: '12.50', reason: 'Item never arrived' }));
    expect(done.status).toBe(200);
    expect(flash(done)).toContain('Refunded €12.50');
    expect((await wallet(app.db, user.id)).available).toBe(1_250);
    expect((await platformBalance(app.db, 'revenue')) - revenueBefore).toBe(-1_250);
    const [refund] = await refundsOf(user.id);
    expect(refund).toMatchObject({ destination: 'wallet', status: 'succeeded', amount: 1_250, reason: 'Item never arrived', admin_id: admin.id });
    expect(await app.db('audit_log').where({ action: 'refund.wallet', subject_id: user.id, actor_id: admin.id, reason: 'Item never arrived' })).toHaveLength(1);
    expect(await signal()).toBe('changed');

    const n = await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'refund.issued' }).first());
    expect(n.link).toBe(`/wallet/refunds/${refund.id}`);
    const receipt = await c.get(n.link);
    expect(receipt.status).toBe(200);
    expect(receipt.doc.querySelector('#refund-receipt')?.getAttribute('data-status')).toBe('succeeded');
    expect(text(receipt.doc.querySelector('#refund-receipt .amount'))).toBe('€12.50');
    expect(text(receipt.doc.querySelector('#refund-receipt .reason'))).toBe('Item never arrived');

    // nobody else sees it, not even an admin through the person's page
    const stranger = await signedIn(app, await createUser(app.db));
    expect((await stranger.get(n.link)).status).toBe(404);
    expect((await a.get(n.link)).status).toBe(404);
  });

  it('a replayed admin form refunds once', async () => {
    const user = await createUser(app.db);
    const { fields } = await refundForm(user);
    const form = fields({ amount: '5', reason: 'Goodwill' });
    const answers = await Promise.all([a.post('/admin/refunds', form, { follow: false }), a.post('/admin/refunds', form, { follow: false })]);
    for (const r of answers) expect(r.status).toBe(303);
    expect(await refundsOf(user.id)).toHaveLength(1);
    expect((await wallet(app.db, user.id)).available).toBe(500);
  });

  it('is for admins only', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    expect((await c.get('/admin/refunds', { follow: false })).status).toBe(403);
    const res = await c.post('/admin/refunds', { user_id: String(user.id), destination: 'wallet', amount: '100', reason: 'Myself', idempotency_key: 'abcdefghijklmnopqrstuv' }, { follow: false });
    expect(res.status).toBe(403);
    expect(await refundsOf(user.id)).toHaveLength(0);
    expect((await wallet(app.db, user.id)).available).toBe(0);
  });
});

describe('refund to the card', () => {
  it('takes the money from the wallet, refunds it at the gateway once, and caps it at what is left', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const topup = await topUpByCard(app.db, c, user.id, '50');
    expect((await wallet(app.db, user.id)).available).toBe(5_000);
    const clearingBefore = await platformBalance(app.db, 'gateway_clearing');

    const { fields, page } = await refundForm(user);
    expect(page.doc.querySelector(`#refund-form input[value="topup:${topup.id}"]`)).toBeTruthy();
    const done = await a.post('/admin/refunds', fields({ destination: `topup:${topup.id}`, amount: '20', reason: 'Charged twice' }));
    expect(done.status).toBe(200);
    expect(flash(done)).toContain('sent back to the card');
    const [refund] = await refundsOf(user.id);
    expect(refund).toMatchObject({ destination: 'card', status: 'succeeded', amount: 2_000, gateway_payment_id: topup.payment_id });
    expect(refund.gateway_refund_id).toMatch(/^re_/);
    expect((await wallet(app.db, user.id)).available).toBe(3_000);
    expect((await platformBalance(app.db, 'gateway_clearing')) - clearingBefore).toBe(2_000);
    const atGateway = await app.db('gateway_refunds').where({ payment_id: topup.payment_id });
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]).toMatchObject({ amount: 2_000, idempotency_key: `refund:${refund.id}` });
    expect(await app.db('audit_log').where({ action: 'refund.card', subject_id: user.id })).toHaveLength(1);

    // the gateway's charge.refunded webhook arrives and changes nothing more
    await eventually(() => app.db('webhook_events').where({ type: 'charge.refunded' }).whereNotNull('processed_at').first(), 20_000);
    expect(await app.db('ledger_transfers').where('idempotency_key', 'like', `refund.card%:${refund.id}`)).toHaveLength(1);

    const n = await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'refund.issued' }).first());
    expect(n.title).toContain('refunded to your card');
    const receipt = await c.get(`/wallet/refunds/${refund.id}`);
    expect(text(receipt.doc.querySelector('#refund-receipt .status'))).toBe('Refunded');

    // €30 is left on this top-up: €31 is refused beside the amount, nothing moves
    const { fields: again } = await refundForm(user);
    const over = await a.post('/admin/refunds', again({ destination: `topup:${topup.id}`, amount: '31', reason: 'More' }));
    expect(over.status).toBe(422);
    expect(text(over.doc.querySelector('#f-amount-error'))).toContain('At most €30.00');
    expect(await refundsOf(user.id)).toHaveLength(1);
    expect((await wallet(app.db, user.id)).available).toBe(3_000);
  });

  it('a refund the card network answers later (4000 0000 0000 7726) stays on its way until refund.updated settles it', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const topup = await topUpByCard(app.db, c, user.id, '30', '4000 0000 0000 7726');
    const { fields } = await refundForm(user);
    const done = await a.post('/admin/refunds', fields({ destination: `topup:${topup.id}`, amount: '12', reason: 'Returned item' }));
    expect(done.status).toBe(200);
    const [refund] = await refundsOf(user.id);
    expect(refund).toMatchObject({ destination: 'card', amount: 1_200 });
    expect(refund.gateway_refund_id).toMatch(/^re_/);
    // the refund API answered `pending` (so did refund.created): nothing is promised to the person until refund.updated
    const created = await app.db('gateway_event_log').where({ object_id: refund.gateway_refund_id, type: 'refund.created' }).first();
    expect(JSON.parse(created.body).data.object.status).toBe('pending');
    const updated = await eventually(() => app.db('gateway_event_log').where({ object_id: refund.gateway_refund_id, type: 'refund.updated' }).first(), 20_000);
    // the status first, then whether refund.updated was processed: a status read after processing could not be 'pending'
    const status = (await refundsOf(user.id))[0].status;
    const processed = await app.db('webhook_events').where({ id: updated.id }).whereNotNull('processed_at').first();
    if (!processed) expect(status).toBe('pending');
    expect((await wallet(app.db, user.id)).available).toBe(1_800);
    await eventually(() => app.db('webhook_events').where({ id: updated.id }).whereNotNull('processed_at').first(), 20_000);
    expect((await refundsOf(user.id))[0]).toMatchObject({ status: 'succeeded' });
    const n = await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'refund.issued' }).first());
    expect(n.title).toContain('refunded to your card');
    expect((await wallet(app.db, user.id)).available).toBe(1_800);
    expect(await app.db('ledger_transfers').where('idempotency_key', 'like', `refund.card%:${refund.id}`)).toHaveLength(1);
  });

  it('a refund that fails after succeeding (4000 0000 0000 5126) puts the money back in the wallet once, however often the news arrives', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const topup = await topUpByCard(app.db, c, user.id, '40', '4000 0000 0000 5126');
    const clearingBefore = await platformBalance(app.db, 'gateway_clearing');
    const { fields } = await refundForm(user);
    const done = await a.post('/admin/refunds', fields({ destination: `topup:${topup.id}`, amount: '25', reason: 'Cancelled booking' }));
    expect(done.status).toBe(200);
    const [refund] = await refundsOf(user.id);
    // the refund API first answers `succeeded`
    expect(refund).toMatchObject({ status: 'succeeded', amount: 2_500 });
    expect((await wallet(app.db, user.id)).available).toBe(1_500);

    // later the bank gives it back: refund.updated and refund.failed both say so
    const failedEvent = await eventually(() => app.db('gateway_event_log').where({ object_id: refund.gateway_refund_id, type: 'refund.failed' }).first(), 20_000);
    await eventually(() => app.db('webhook_events').where({ id: failedEvent.id }).whereNotNull('processed_at').first(), 20_000);
    const updatedEvent = await eventually(() => app.db('gateway_event_log').where({ object_id: refund.gateway_refund_id, type: 'refund.updated' }).first(), 20_000);
    await eventually(() => app.db('webhook_events').where({ id: updatedEvent.id }).whereNotNull('processed_at').first(), 20_000);
    // and the gateway delivers each once more, as Stripe may
    const config = loadConfig(app.env);
    const redis = createRedis(app.redisUrl);
    try {
      expect(await deliverEvent(app.db, config, redis, failedEvent.id)).toBe(200);
      expect(await deliverEvent(app.db, config, redis, updatedEvent.id)).toBe(200);
    } finally {
      redis.disconnect();
    }

    const after = (await refundsOf(user.id))[0];
    expect(after).toMatchObject({ status: 'failed' });
    expect(after.failure_reason).toContain('expired or cancelled');
    expect((await wallet(app.db, user.id)).available).toBe(4_000);
    expect(await platformBalance(app.db, 'gateway_clearing')).toBe(clearingBefore);
    const reversals = await app.db('ledger_transfers').where({ idempotency_key: `refund.card.failed:${refund.id}` });
    expect(reversals).toHaveLength(1);
    const receipt = await c.get(`/wallet/refunds/${refund.id}`);
    expect(receipt.doc.querySelector('#refund-receipt')?.getAttribute('data-status')).toBe('failed');

    // the whole top-up can go back to the card again
    const { page } = await refundForm(user);
    expect(page.doc.querySelector(`#refund-form input[value="topup:${topup.id}"]`)).toBeTruthy();
  });

  it('refuses more than the person still has available', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const topup = await topUpByCard(app.db, c, user.id, '40');
    // the person spent most of it meanwhile
    await app.db.transaction(async (trx) => {
      const { transfer } = await import('../../src/ledger/ledger.js');
      await transfer(trx, { idempotencyKey: `spent:${user.id}`, kind: 'test.spend', legs: [{ account: { userId: user.id, type: 'available' }, amount: -3_500 }, { account: { platform: 'revenue' }, amount: 3_500 }] });
    });
    const { fields } = await refundForm(user);
    const res = await a.post('/admin/refunds', fields({ destination: `topup:${topup.id}`, amount: '10', reason: 'Asked for it' }));
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector('#f-amount-error'))).toContain('only €5.00 available');
    expect(await refundsOf(user.id)).toHaveLength(0);
    expect(await app.db('gateway_refunds').where({ payment_id: topup.payment_id })).toHaveLength(0);
  });

  it('refuses someone else’s top-up as the destination', async () => {
    const owner = await createUser(app.db);
    const topup = await topUpByCard(app.db, await signedIn(app, owner), owner.id, '20');
    const other = await createUser(app.db);
    await fund(app.db, other.id, 5_000);
    const { fields } = await refundForm(other);
    const res = await a.post('/admin/refunds', fields({ destination: `topup:${topup.id}`, amount: '10', reason: 'Wrong person' }));
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector('#f-destination-error'))).toContain('successful top-ups');
    expect(await refundsOf(other.id)).toHaveLength(0);
  });
});
