import type { JobSet } from '../registry.js';
import { reconcileDailyJob, reconcileJob } from './reconcile.job.js';
import { resumePayoutsJob } from './resume-payouts.job.js';
import { sendPayoutJob } from './send-payout.job.js';

/** The payouts domain's jobs and schedules. */
export const payoutsJobs: JobSet = {
  processors: {
    money: {
      'send-payout': sendPayoutJob,
      'resume-payouts': resumePayoutsJob,
      reconcile: reconcileJob,
      'reconcile-daily': reconcileDailyJob,
    },
  },
  async schedules(queues) {
    await queues.money.upsertJobScheduler('resume-payouts', { every: 60_000 }, { name: 'resume-payouts' });
    // 02:00 UTC, after the day's webhooks have settled
    await queues.money.upsertJobScheduler('reconcile-daily', { pattern: '0 2 * * *', tz: 'UTC' }, { name: 'reconcile-daily' });
  },
};
