import { redeliverStale } from '../../src/payments/local-events.js';
import type { Runtime } from '../../src/runtime.js';

/** Local test gateway: events that were logged but never delivered are queued again. */
export async function redeliverWebhooksJob(rt: Runtime): Promise<number> {
  if (rt.config.PAYMENTS !== 'local') return 0;
  return redeliverStale(rt.db, rt.queues, new Date(Date.now() - 2 * 60_000));
}
