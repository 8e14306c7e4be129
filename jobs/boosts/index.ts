import type { JobSet } from '../registry.js';
import { END_BOOST_JOB, endBoostJob, scheduleBoostEndJob, sweepBoostsJob } from './end-boost.job.js';

/** The boosts domain's jobs and schedules. */
export const boostsJobs: JobSet = {
  processors: {
    listings: {
      'schedule-boost-end': scheduleBoostEndJob,
      [END_BOOST_JOB]: endBoostJob,
      'sweep-boosts': sweepBoostsJob,
    },
  },
  async schedules(queues) {
    await queues.listings.upsertJobScheduler('sweep-boosts', { every: 60_000 }, { name: 'sweep-boosts' });
  },
};
