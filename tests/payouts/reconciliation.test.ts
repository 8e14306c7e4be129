import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transfer } from '../../src/ledger/ledger.js';
import { compareBooks } from '../../src/payouts/reconcile-rules.js';
import { ledgerFacts, runReconciliation } from '../../src/payouts/reconciliation.js';
import { issueRefund, sendCardRefund } from '../../src/refunds/refunds.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { text } from '../http.js';
import { ADDRESS, addToCart, checkoutForm, listing, orderIdOf, shop, signedIn as buyer } from '../orders/buyer-helpers.js';
import { card, localGateway } from '../payments/helpers.js';
import { flash, signedIn, topUpByCard } from './helpers.js';

let app: TestApp;
let queues: Queues;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
});
afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

let planted = 0;
/** A payment the gateway holds, as if it had been made outside Souk's books. */
async function gatewayPayment(amount: number): Promise<string> {
  const id = `pi_planted${Date.now()}${++planted}`;
  await app.db('gateway_payments').insert({ id, idempotency_key: `planted-${id}`, amount, currency: 'eur', status: 'succeeded', return_url: '/wallet', metadata: JSON.stringify({}) });
  return id;
}

/** A ledger movement about a gateway object (written through the ledger API). */
function ledgerMove(kind: string, type: string, gatewayId: string, amount: number) {
  return app.db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `planted:${kind}:${gatewayId}`,
      kind,
      reference: { type, id: gatewayId },
      legs: [
        { account: { platform: 'promotions' }, amount: -amount },
        { account: { platform: 'gateway_clearing' }, amount },
      ],
    }),
  );
}

describe('comparing the books (pure)', () => {
  const from = new Date('2026-03-01T00:00:00Z');
  const to = new Date('2026-03-02T00:00:00Z');
  const at = new Date('2026-03-01T12:00:00Z');
  const g = (kind: 'payment' | 'refund' | 'payout', id: string, amount: number, status: string, created = at) => ({ kind, id, amount, status, currency: 'EUR', created, metadata: {} });
  const l = (objectType: 'payment' | 'refund' | 'payout', gatewayId: string, amount: number, reversed = false, created = at) => ({ objectType, gatewayId, amount, reversed, created });

  it('finds each kind of mismatch and nothing else', () => {
    const found = compareBooks(
      [l('payment', 'pi_ok', 100), l('payment', 'pi_amount', 90), l('payout', 'po_failed', 50), l('refund', 're_ghost', 10), l('payout', 'po_back', 70, true)],
      [g('payment', 'pi_ok', 100, 'succeeded'), g('payment', 'pi_amount', 100, 'succeeded'), g('payment', 'pi_lost', 30, 'succeeded'), g('payout', 'po_failed', 50, 'failed'), g('payout', 'po_back', 70, 'failed'), g('payment', 'pi_open', 5, 'requires_payment_method')],
      from,
      to,
    );
    expect(found.map((m) => [m.kind, m.gatewayId]).sort()).toEqual(
      [
        ['amount_differs', 'pi_amount'],
        ['missing_at_gateway', 're_ghost'],
        ['missing_in_ledger', 'pi_lost'],
        ['status_differs', 'po_failed'],
      ].sort(),
    );
  });

  it('matches records that straddle midnight and ignores those outside the period', () => {
    const late = new Date('2026-03-01T23:59:59Z');
    const next = new Date('2026-03-02T00:00:01Z');
    expect(compareBooks([l('payment', 'pi_x', 10, false, late)], [g('payment', 'pi_x', 10, 'succeeded', next)], from, to)).toEqual([]);
    expect(compareBooks([], [g('payment', 'pi_y', 10, 'succeeded', next)], from, to)).toEqual([]);
  });
});

describe('the reconciliation run', () => {
  it('an order paid by card, a top-up and a card refund that failed later all match: no mismatch', async () => {
    const gw = localGateway(app);
    try {
      const admin = await createAdmin(app.db);
      // an order paid by card on the hosted page (Amex), its money booked under order-card:<PaymentIntent>
      const seller = await shop(app);
      const lamp = await listing(app.db, seller.seller.id, { price: 3100, stock: 3 });
      const { user: buyerUser, c } = await buyer(app);
      await addToCart(c, lamp.id);
      const { form } = await checkoutForm(c, { address_id: 'new', ...ADDRESS });
      const placed = await c.post('/orders', form, { follow: false });
      const payUrl = placed.headers.get('location')!;
      expect(payUrl).toMatch(/^\/gateway\/pay\/pi_\w+$/);
      await c.get(payUrl);
      const back = await c.post(payUrl, card('3782 822463 10005', { cvc: '1234' }), { follow: false });
      const orderId = orderIdOf(back.headers.get('location'));
      await eventually(async () => (await app.db('orders').where({ id: orderId }).first()).status === 'paid', 20_000);
      const intentId = payUrl.split('/').pop()!;
      expect(await app.db('ledger_transfers').where({ idempotency_key: `order-card:${intentId}`, reference_type: 'order' })).toHaveLength(1);

      // a top-up with the card whose refunds fail later, and a refund of it that the bank gives back
      const topup = await topUpByCard(app.db, await signedIn(app, buyerUser), buyerUser.id, '20', '4000 0000 0000 5126');
      const refund = await app.db.transaction((trx) => issueRefund(trx, admin.id, { user_id: buyerUser.id, destination: `topup:${topup.id}`, amount: 700, reason: 'Reconciled refund' }));
      await sendCardRefund(app.db, gw.gateway, refund.id);
      await eventually(async () => (await app.db('refunds').where({ id: refund.id }).first()).status === 'failed', 20_000);

      const day = new Date(Date.now() - (Date.now() % 86_400_000));
      const facts = await ledgerFacts(app.db, day, new Date(day.getTime() + 86_400_000));
      expect(facts.find((f) => f.gatewayId === intentId)).toMatchObject({ objectType: 'payment', amount: 3100, reversed: false });
      expect(facts.find((f) => f.gatewayId === String(orderId))).toBeUndefined();

      const [run] = await app.db('reconciliation_runs').insert({ period_start: day, period_end: new Date(day.getTime() + 86_400_000), trigger: 'admin', requested_by: admin.id }).returning('*');
      const done = await runReconciliation(app.db, gw.gateway, run.id);
      expect(await app.db('reconciliation_mismatches').where({ run_id: run.id })).toEqual([]);
      expect(done).toMatchObject({ status: 'matched', mismatch_count: 0 });
    } finally {
      await gw.close();
    }
  });

  it('lists a planted mismatch, keeps the run history and tells every admin', async () => {
    const admin = await createAdmin(app.db);
    const other = await createAdmin(app.db);
    // a real top-up: both books agree on it
    const user = await createUser(app.db);
    const topup = await topUpByCard(app.db, await signedIn(app, user), user.id, '25');
    // planted: money at the gateway the ledger never saw, a ledger payout the gateway never made, and an amount that differs
    const lost = await gatewayPayment(4_200);
    await ledgerMove('payout.paid', 'gateway_payout', 'po_ghost123', 1_500);
    const differs = await gatewayPayment(1_000);
    await ledgerMove('topup', 'gateway_payment', differs, 900);

    const a = await signedIn(app, admin);
    const page = await a.get('/admin/payouts/reconciliation');
    const today = page.doc.querySelector('#f-day')?.getAttribute('value');
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const bad = await a.post('/admin/payouts/reconciliation/runs', { day: 'yesterday' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-day-error'))).toContain('Choose a day');

    const started = await a.post('/admin/payouts/reconciliation/runs', { day: today! });
    expect(flash(started)).toContain('started');
    const run = await eventually(async () => {
      const r = await app.db('reconciliation_runs').orderBy('id', 'desc').first();
      return r && r.status !== 'queued' && r.status !== 'running' ? r : null;
    }, 20_000);
    expect(run).toMatchObject({ status: 'mismatched', trigger: 'admin', requested_by: admin.id, mismatch_count: 3 });

    const history = await a.get('/admin/payouts/reconciliation');
    expect(history.doc.querySelector(`#run-${run.id}`)?.getAttribute('data-status')).toBe('mismatched');
    expect(text(history.doc.querySelector(`#run-${run.id} .mismatch-count`))).toBe('3');

    const detail = await a.get(`/admin/payouts/reconciliation/runs/${run.id}`);
    const rows = detail.doc.querySelectorAll('#mismatches tr.mismatch');
    const seen = Object.fromEntries(rows.map((r) => [r.getAttribute('data-gateway-id'), r.getAttribute('data-kind')]));
    expect(seen).toEqual({ [lost]: 'missing_in_ledger', po_ghost123: 'missing_at_gateway', [differs]: 'amount_differs' });
    expect(seen[topup.payment_id]).toBeUndefined();
    expect(text(detail.doc.querySelector(`tr[data-gateway-id="${lost}"]`))).toContain('€42.00');

    for (const id of [admin.id, other.id]) {
      const n = await eventually(() => app.db('notifications').where({ user_id: id, kind: 'reconciliation.mismatches' }).first());
      expect(n.title).toContain('3 mismatches');
      expect(n.link).toBe(`/admin/payouts/reconciliation/runs/${run.id}`);
    }
    expect(await app.db('notifications').where({ user_id: user.id, kind: 'reconciliation.mismatches' })).toHaveLength(0);
  });

  it('the daily run covers yesterday once, however often it is started', async () => {
    await queues.money.add('reconcile-daily', {}, { jobId: 'test-daily-1' });
    await queues.money.add('reconcile-daily', {}, { jobId: 'test-daily-2' });
    await eventually(async () => {
      const runs = await app.db('reconciliation_runs').where({ trigger: 'schedule' });
      return runs.length === 1 && ['matched', 'mismatched'].includes(runs[0].status);
    }, 20_000);
    const [run] = await app.db('reconciliation_runs').where({ trigger: 'schedule' });
    expect(run.period_end.getTime() - run.period_start.getTime()).toBe(86_400_000);
    expect(run.period_end.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
