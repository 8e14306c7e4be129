import { sweepEmails } from '../../src/mail/delivery.js';
import type { Runtime } from '../../src/runtime.js';

/** Gives due emails that no job holds a new delivery job. */
export function sweepEmailsJob(rt: Runtime): Promise<number> {
  return sweepEmails(rt.db, rt.config, rt.queues);
}
