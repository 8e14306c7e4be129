import type { JobSet } from '../registry.js';
import { pruneOutboxJob } from './prune.job.js';

/** The outbox's jobs: relayed events are pruned every night. */
export const outboxJobs: JobSet = {
  processors: { maintenance: { 'prune-outbox': (rt) => pruneOutboxJob(rt.db) } },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('prune-outbox', { pattern: '17 3 * * *' }, { name: 'prune-outbox' });
  },
};
