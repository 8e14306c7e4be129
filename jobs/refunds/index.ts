import type { JobSet } from '../registry.js';
import { resumeRefundsJob } from './resume-refunds.job.js';

/** The refunds domain's jobs and schedules. */
export const refundsJobs: JobSet = {
  processors: { money: { 'resume-refunds': resumeRefundsJob } },
  async schedules(queues) {
    await queues.money.upsertJobScheduler('resume-refunds', { every: 60_000 }, { name: 'resume-refunds' });
  },
};
