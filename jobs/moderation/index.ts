import type { JobSet } from '../registry.js';
import { sweepListingsJob } from './sweep.job.js';

/** The moderation domain's jobs and schedules. */
export const moderationJobs: JobSet = {
  processors: {
    listings: {
      'sweep-listings': (rt) => sweepListingsJob(rt),
    },
  },
  async schedules(queues) {
    await queues.listings.upsertJobScheduler('sweep-listings', { every: 60_000 }, { name: 'sweep-listings' });
  },
};
