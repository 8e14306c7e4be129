import { gatewayFor } from '../../src/payments/gateway.js';
import { redeliverStale } from '../../src/payments/local-events.js';
import { LocalGateway } from '../../src/payments/local-gateway.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * Local test gateway: events that were logged but never delivered are queued again, and
 * asynchronous test-card refunds whose delayed answer was lost are answered now.
 */
export async function redeliverWebhooksJob(rt: Runtime): Promise<number> {
  if (rt.config.PAYMENTS !== 'local') return 0;
  const g = gatewayFor(rt.config, rt);
  if (g instanceof LocalGateway) await g.settleOverdueRefunds();
  return redeliverStale(rt.db, rt.queues, new Date(Date.now() - 2 * 60_000));
}
