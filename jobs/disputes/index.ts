import type { JobSet } from '../registry.js';
import { escalateDisputesJob } from './escalate.job.js';

/** The disputes domain's jobs and schedules. */
export const disputesJobs: JobSet = {
  processors: {
    maintenance: {
      'escalate-disputes': escalateDisputesJob,
    },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('escalate-disputes', { every: 60_000 }, { name: 'escalate-disputes' });
  },
};
