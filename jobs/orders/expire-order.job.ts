import type { Job } from 'bullmq';
import { findOrder } from '../../src/orders/queries.js';
import { delayUntil, expireOrder } from '../../src/orders/timers.js';
import { gatewayFor } from '../../src/payments/gateway.js';
import type { Runtime } from '../../src/runtime.js';

export const EXPIRE_ORDER_JOB = 'expire-order';

/** The delayed job's id: one per order, so scheduling twice queues it once. */
export const expireJobId = (orderId: number) => `order-expire-${orderId}`;

/** After an order is placed (`order.placed`): queue its lapse at reserved_until, if it still waits for payment. */
export async function scheduleOrderExpiryJob(rt: Runtime, job: Job): Promise<{ delay: number } | null> {
  const order = await findOrder(rt.db, Number(job.data?.payload?.orderId));
  if (!order || order.status !== 'awaiting_payment' || !order.reserved_until) return null;
  const delay = delayUntil(order.reserved_until);
  await rt.queues.money.add(EXPIRE_ORDER_JOB, { orderId: order.id }, { delay, jobId: expireJobId(order.id) });
  return { delay };
}

/** Lapses one unpaid order when due (one paid meanwhile, or paid at the gateway, is left alone). */
export async function expireOrderJob(rt: Runtime, job: Job): Promise<{ result: string }> {
  return { result: await expireOrder(rt.db, gatewayFor(rt.config, rt), Number(job.data?.orderId)) };
}
