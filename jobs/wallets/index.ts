import type { JobSet } from '../registry.js';
import { pruneIdempotencyJob } from './prune-idempotency.job.js';

/** The wallets domain's jobs and schedules. */
export const walletsJobs: JobSet = {
  processors: {
    maintenance: {
      'prune-idempotency': (rt) => pruneIdempotencyJob(rt),
    },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('prune-idempotency', { pattern: '29 3 * * *', tz: 'UTC' }, { name: 'prune-idempotency' });
  },
};
