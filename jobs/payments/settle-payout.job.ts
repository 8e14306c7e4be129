import type { Job } from 'bullmq';
import { gatewayFor } from '../../src/payments/gateway.js';
import { LocalGateway } from '../../src/payments/local-gateway.js';
import type { Runtime } from '../../src/runtime.js';

/** The local test gateway's bank answers a payout (and, for one test account, takes it back later). */
export async function settlePayoutJob(rt: Runtime, job: Job<{ payoutId: string; phase: 'settle' | 'reverse' }>): Promise<void> {
  const g = gatewayFor(rt.config, rt);
  if (g instanceof LocalGateway) await g.settlePayout(job.data.payoutId, job.data.phase);
}
