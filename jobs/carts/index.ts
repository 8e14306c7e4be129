import type { JobSet } from '../registry.js';
import { pruneVisitorCartsJob } from './prune.job.js';

/** The carts domain's jobs and schedules. */
export const cartsJobs: JobSet = {
  processors: {
    maintenance: {
      'prune-visitor-carts': (rt) => pruneVisitorCartsJob(rt),
    },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('prune-visitor-carts', { pattern: '41 3 * * *', tz: 'UTC' }, { name: 'prune-visitor-carts' });
  },
};
