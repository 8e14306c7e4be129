import type { Job } from 'bullmq';
import { gatewayFor } from '../../src/payments/gateway.js';
import { LocalGateway } from '../../src/payments/local-gateway.js';
import type { Runtime } from '../../src/runtime.js';

/** The local test gateway's later answer to a refund of a card that refunds asynchronously. */
export async function settleRefundJob(rt: Runtime, job: Job<{ refundId: string }>): Promise<void> {
  const g = gatewayFor(rt.config, rt);
  if (g instanceof LocalGateway) await g.settleRefund(job.data.refundId);
}
