import type { JobSet } from '../registry.js';
import { matchSavedSearchesJob } from './match-saved-searches.job.js';
import { rebuildVocabularyJob } from './rebuild-vocabulary.job.js';

/** The search domain's jobs and schedules. */
export const searchJobs: JobSet = {
  processors: {
    listings: {
      'match-saved-searches': (rt, job) => matchSavedSearchesJob(rt.db, job),
    },
    maintenance: {
      'rebuild-search-vocabulary': (rt) => rebuildVocabularyJob(rt.db),
    },
  },
  async schedules(queues) {
    await queues.maintenance.upsertJobScheduler('rebuild-search-vocabulary', { every: 300_000 }, { name: 'rebuild-search-vocabulary' });
  },
};
