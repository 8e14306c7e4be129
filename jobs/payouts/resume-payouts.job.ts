import { gatewayFor } from '../../src/payments/gateway.js';
import { resumeStalled } from '../../src/payouts/sending.js';
import type { Runtime } from '../../src/runtime.js';

/** Finishes payouts whose send job or webhook was lost. */
export async function resumePayoutsJob(rt: Runtime): Promise<{ touched: number }> {
  return { touched: await resumeStalled(rt.db, gatewayFor(rt.config, rt)) };
}
