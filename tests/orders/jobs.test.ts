import type { Job } from 'bullmq';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeDownloadJob } from '../../jobs/orders/complete-download.job.js';
import { expireJobId, expireOrderJob } from '../../jobs/orders/expire-order.job.js';
import { loadConfig } from '../../src/config.js';
import { balances } from '../../src/ledger/ledger.js';
import { clock } from '../../src/lib/clock.js';
import { markDelivered, shipOrder } from '../../src/orders/fulfilment.js';
import { expireOrder, sweepOrders } from '../../src/orders/timers.js';
import type { Gateway } from '../../src/payments/gateway.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import type { Runtime } from '../../src/runtime.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { platformBalance } from '../payouts/helpers.js';
import { notificationsOf, placePaidOrder, sellerListing, sellerOrderRow, SETTINGS } from './helpers.js';

let app: TestApp;
let queues: Queues;
let rt: Runtime;
const MINUTE = 60_000;
const DAY = 86_400_000;
const log = pino({ level: 'silent' });

/** A gateway that knows only the payments given here. */
const gatewayWith = (payments: Record<string, 'succeeded' | 'requires_payment_method' | 'fail'> = {}) =>
  ({
    async retrievePayment(id: string) {
      const s = payments[id];
      if (s === 'fail') throw new Error('gateway unreachable');
      return s ? { id, status: s } : null;
    },
  }) as unknown as Gateway;

const job = (data: Record<string, unknown>) => ({ data }) as unknown as Job;
const orderRow = (id: number) => app.db('orders').where({ id }).first();
const stockOf = (id: number) => app.db('listings').where({ id }).first('stock', 'reserved');

beforeAll(async () => {
  app = await startTestApp();
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
  rt = { config: loadConfig(app.env), db: app.db, queues, log } as unknown as Runtime;
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

describe('escrow release', () => {
  it('pays the seller total − commission and revenue the commission once, even with two sweeps at once', async () => {
    const { seller, sellerOrder } = await placePaidOrder(app.db, { price: 4000 });
    const as = { role: 'seller' as const, userId: seller.id };
    expect((await shipOrder(app.db, sellerOrder.id, as, { carrier: 'CTT', trackingNumber: 'RR1234' })).ok).toBe(true);
    expect((await markDelivered(app.db, sellerOrder.id, as)).ok).toBe(true);
    const revenue = await platformBalance(app.db, 'revenue');

    // not due yet: nothing moves
    clock.advance(SETTINGS.escrowDays * DAY - MINUTE);
    await sweepOrders(app.db, gatewayWith(), log);
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('delivered');
    expect((await balances(app.db, seller.id)).available).toBe(0);

    clock.advance(2 * MINUTE);
    const reports = await Promise.all([sweepOrders(app.db, gatewayWith(), log), sweepOrders(app.db, gatewayWith(), log)]);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    expect(await sellerOrderRow(app.db, sellerOrder.id)).toMatchObject({ status: 'completed', release_due_at: null });
    expect((await balances(app.db, seller.id)).available).toBe(3600);
    expect((await platformBalance(app.db, 'revenue')) - revenue).toBe(400);
    expect(Number((await app.db('ledger_transfers').where({ idempotency_key: `escrow-capture:${sellerOrder.id}` }).count({ n: '*' }).first())?.n)).toBe(1);

    await sweepOrders(app.db, gatewayWith(), log);
    expect((await balances(app.db, seller.id)).available).toBe(3600);
  });
});

describe('unpaid orders', () => {
  it('queue their lapse at reserved_until, and lapse through the sweep once the reservation ran out: stock back, buyer told', async () => {
    const seller = (await placePaidOrder(app.db)).seller;
    const listing = await sellerListing(app.db, seller.id, { stock: 3 });
    const { order, buyer } = await placePaidOrder(app.db, { seller, listing, payWith: 'card', quantity: 2 });
    expect(order.status).toBe('awaiting_payment');
    expect(await stockOf(listing.id)).toEqual({ stock: 3, reserved: 2 });

    // the committed order.placed queued the delayed job, once per order
    const delayed = await eventually(() => queues.money.getJob(expireJobId(order.id)));
    expect(delayed!.name).toBe('expire-order');
    expect(delayed!.opts.delay).toBeGreaterThan(SETTINGS.reservationMinutes * MINUTE - 30_000);

    // early, the job leaves it alone
    expect(await expireOrderJob(rt, job({ orderId: order.id }))).toEqual({ result: 'not-due' });

    clock.advance(SETTINGS.reservationMinutes * MINUTE + MINUTE);
    const report = await sweepOrders(app.db, gatewayWith(), log);
    expect(report.lapsed).toBe(1);
    expect(await orderRow(order.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'not paid in time', reserved_until: null });
    expect(await stockOf(listing.id)).toEqual({ stock: 3, reserved: 0 });
    // the delayed job firing after the sweep finds nothing to do
    expect(await expireOrderJob(rt, job({ orderId: order.id }))).toEqual({ result: 'done' });

    const n = await eventually(async () => (await notificationsOf(app.db, buyer.id)).find((x) => x.kind === 'order.lapsed'));
    expect(n.title).toBe(`Order #${order.id} was not paid in time`);
    expect(n.link).toBe(`/orders/${order.id}`);
  });

  it('are left for the webhook when the card payment already succeeded at the gateway; one failing check does not stop the sweep', async () => {
    const paidThere = await placePaidOrder(app.db, { payWith: 'card' });
    const unreachable = await placePaidOrder(app.db, { payWith: 'card' });
    const plain = await placePaidOrder(app.db, { payWith: 'card' });
    await app.db('orders').where({ id: paidThere.order.id }).update({ payment_id: `pi_paid_${paidThere.order.id}` });
    await app.db('orders').where({ id: unreachable.order.id }).update({ payment_id: `pi_down_${unreachable.order.id}` });
    const gateway = gatewayWith({ [`pi_paid_${paidThere.order.id}`]: 'succeeded', [`pi_down_${unreachable.order.id}`]: 'fail' });

    clock.advance(SETTINGS.reservationMinutes * MINUTE + MINUTE);
    expect(await expireOrder(app.db, gateway, paidThere.order.id)).toBe('paid-at-gateway');
    const report = await sweepOrders(app.db, gateway, log);
    expect(report.failed).toBe(1);
    expect((await orderRow(paidThere.order.id)).status).toBe('awaiting_payment');
    expect((await orderRow(unreachable.order.id)).status).toBe('awaiting_payment');
    expect((await orderRow(plain.order.id)).status).toBe('cancelled');
  });
});

describe('the shipping deadline', () => {
  it('cancels a part not shipped in time, refunds the buyer, puts the stock back and tells both', async () => {
    const { seller, buyer, order, sellerOrder, listing } = await placePaidOrder(app.db, { price: 3000 });
    expect((await balances(app.db, buyer.id)).available).toBe(0);
    expect((await stockOf(listing.id))!.stock).toBe(4);

    clock.advance(SETTINGS.shipDays * DAY + MINUTE);
    await Promise.all([sweepOrders(app.db, gatewayWith(), log), sweepOrders(app.db, gatewayWith(), log)]);
    expect(await sellerOrderRow(app.db, sellerOrder.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'not shipped in time' });
    expect(await balances(app.db, buyer.id)).toMatchObject({ available: 3000, held: 0 });
    expect(await stockOf(listing.id)).toEqual({ stock: 5, reserved: 0 });

    const n = await eventually(async () => (await notificationsOf(app.db, buyer.id)).find((x) => x.kind === 'order.cancelled'));
    expect(n.title).toBe(`Part of order #${order.id} was cancelled`);
    expect(n.body).toContain('€30.00 went back to your wallet');
    expect(n.link).toBe(`/orders/${order.id}`);
    const s = await eventually(async () => (await notificationsOf(app.db, seller.id)).find((x) => x.kind === 'sale.cancelled'));
    expect(s.body).toContain('not shipped in time');
  });
});

describe('downloads', () => {
  it('complete a digital part and pay the seller on the first whole download, once', async () => {
    const seller = (await placePaidOrder(app.db)).seller;
    const file = await sellerListing(app.db, seller.id, { kind: 'digital', stock: null, price: 1000, digital_file_key: 'file/test', digital_file_name: 'pattern.pdf', digital_file_bytes: 10 });
    const { sellerOrder } = await placePaidOrder(app.db, { seller, listing: file, price: 1000 });
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('delivered');
    const before = (await balances(app.db, seller.id)).available;

    const event = job({ payload: { sellerOrderId: sellerOrder.id } });
    expect(await completeDownloadJob(rt, event)).toEqual({ result: 'completed' });
    expect(await completeDownloadJob(rt, event)).toEqual({ result: 'This order is already completed.' });
    expect((await sellerOrderRow(app.db, sellerOrder.id)).status).toBe('completed');
    expect((await balances(app.db, seller.id)).available - before).toBe(900);
  });
});
