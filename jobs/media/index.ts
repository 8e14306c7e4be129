import type { JobSet } from '../registry.js';
import { sweepOrphansJob } from './sweep-orphans.job.js';

/** The media domain's jobs and schedules. */
export const mediaJobs: JobSet = {
  processors: {
    maintenance: {
      'sweep-orphan-files': (rt) => sweepOrphansJob(rt),
    },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('sweep-orphan-files', { pattern: '41 4 * * *', tz: 'UTC' }, { name: 'sweep-orphan-files' });
  },
};
