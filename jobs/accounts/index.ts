import type { JobSet } from '../registry.js';
import { liftExpiredBlocksJob } from './lift-expired-blocks.job.js';
import { sendPasswordResetJob } from './password-reset.job.js';

/** The accounts domain's jobs: blocks with an end date are lifted every minute; reset links are sent. */
export const accountsJobs: JobSet = {
  processors: {
    maintenance: { 'lift-expired-blocks': (rt) => liftExpiredBlocksJob(rt.db) },
    notifications: { 'send-password-reset': sendPasswordResetJob },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('lift-expired-blocks', { every: 60_000 }, { name: 'lift-expired-blocks' });
  },
};
