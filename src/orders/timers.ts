import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { clock } from '../lib/clock.js';
import type { Gateway } from '../payments/gateway.js';
import { lapseOrder } from './expiry.js';
import { cancelOverdue, releaseDue } from './fulfilment.js';
import { paidAtGateway } from './payment.js';
import { dueReleases, dueUnpaidOrders, dueUnshipped } from './queries.js';

export type ExpireResult = 'lapsed' | 'paid-at-gateway' | 'not-due' | 'done';

/**
 * Ends an unpaid order whose reservation ran out, unless its card payment already
 * succeeded at the gateway (the webhook is on its way and will pay it). Safe to run twice.
 */
export async function expireOrder(db: Knex, gateway: Gateway, orderId: number): Promise<ExpireResult> {
  const order = await db('orders').where({ id: orderId }).first('status', 'reserved_until');
  if (!order || order.status !== 'awaiting_payment') return 'done';
  if (!order.reserved_until || new Date(order.reserved_until).getTime() > clock.nowMs()) return 'not-due';
  if (await paidAtGateway(db, gateway, orderId)) return 'paid-at-gateway';
  const r = await lapseOrder(db, orderId, { by: 'due' });
  return r.ok ? 'lapsed' : 'done';
}

/** How long until an order's reservation ends, for its delayed job (never negative). */
export function delayUntil(at: Date): number {
  return Math.max(0, at.getTime() - clock.nowMs());
}

export interface SweepReport {
  lapsed: number;
  cancelled: number;
  released: number;
  failed: number;
}

/**
 * The safety net behind every order timer: unpaid orders past their reservation,
 * paid parts not shipped by their deadline, delivered parts whose escrow period
 * ended. Each item runs in its own transaction; one failing item is logged and
 * the rest go on. Running it twice at once moves nothing twice (each step is a
 * conditional UPDATE under a row lock, its money keyed once).
 */
export async function sweepOrders(db: Knex, gateway: Gateway, log: Pick<Logger, 'warn'>): Promise<SweepReport> {
  const report: SweepReport = { lapsed: 0, cancelled: 0, released: 0, failed: 0 };
  const now = clock.now();
  const each = async (what: string, ids: number[], step: (id: number) => Promise<boolean>, count: keyof SweepReport) => {
    for (const id of ids) {
      try {
        if (await step(id)) report[count]++;
      } catch (err) {
        report.failed++;
        log.warn({ err, id, what }, 'order sweep item failed');
      }
    }
  };
  await each('lapse', await dueUnpaidOrders(db, now), async (id) => (await expireOrder(db, gateway, id)) === 'lapsed', 'lapsed');
  await each('cancel-unshipped', await dueUnshipped(db, now), async (id) => (await cancelOverdue(db, id)).ok, 'cancelled');
  await each('release', await dueReleases(db, now), async (id) => (await releaseDue(db, id)).ok, 'released');
  return report;
}
