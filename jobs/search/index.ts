import type { JobSet } from '../registry.js';
import { matchSavedSearchesJob } from './match-saved-searches.job.js';

/** The search domain's jobs and schedules. */
export const searchJobs: JobSet = {
  processors: {
    listings: {
      'match-saved-searches': (rt, job) => matchSavedSearchesJob(rt.db, job),
    },
  },
};
