import { gatewayFor } from '../../src/payments/gateway.js';
import { resumePendingRefunds } from '../../src/refunds/refunds.js';
import type { Runtime } from '../../src/runtime.js';

/** Sends card refunds left pending by a crash or an unreachable gateway (same key, so never twice). */
export async function resumeRefundsJob(rt: Runtime): Promise<{ resent: number }> {
  return { resent: await resumePendingRefunds(rt.db, gatewayFor(rt.config, rt)) };
}
