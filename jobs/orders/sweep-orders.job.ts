import { sweepOrders, type SweepReport } from '../../src/orders/timers.js';
import { gatewayFor } from '../../src/payments/gateway.js';
import type { Runtime } from '../../src/runtime.js';

/** Every minute: finishes whatever order timer is overdue (the delayed jobs are only the fast path). */
export function sweepOrdersJob(rt: Runtime): Promise<SweepReport> {
  return sweepOrders(rt.db, gatewayFor(rt.config, rt), rt.log);
}
