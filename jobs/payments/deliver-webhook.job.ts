import type { Job } from 'bullmq';
import { deliverEvent } from '../../src/payments/local-events.js';
import type { Runtime } from '../../src/runtime.js';

/** The local test gateway sends one logged event to Souk's webhook endpoint; a non-2xx answer throws, so BullMQ retries with backoff. */
export async function deliverWebhookJob(rt: Runtime, job: Job<{ eventId: string }>): Promise<number> {
  return deliverEvent(rt.db, rt.config, rt.redis, job.data.eventId);
}
