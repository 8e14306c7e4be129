import type { Job } from 'bullmq';
import { deliverEmail } from '../../src/mail/delivery.js';
import type { Runtime } from '../../src/runtime.js';

/** Sends one logged email (from its `email.queued` event or the sweep); safe to run twice. */
export async function deliverEmailJob(rt: Runtime, job: Job<{ payload: { emailId: number } }>): Promise<string> {
  return deliverEmail(rt.db, rt.config, Number(job.data.payload.emailId));
}
