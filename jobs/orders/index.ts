import type { JobSet } from '../registry.js';
import { completeDownloadJob } from './complete-download.job.js';
import { EXPIRE_ORDER_JOB, expireOrderJob, scheduleOrderExpiryJob } from './expire-order.job.js';
import { sweepOrdersJob } from './sweep-orders.job.js';

/** The orders domain's jobs and schedules: they move stock and money, so they run on the money queue. */
export const ordersJobs: JobSet = {
  processors: {
    money: {
      'schedule-order-expiry': scheduleOrderExpiryJob,
      [EXPIRE_ORDER_JOB]: expireOrderJob,
      'sweep-orders': sweepOrdersJob,
      'complete-download': completeDownloadJob,
    },
  },
  async schedules(queues) {
    await queues.money.upsertJobScheduler('sweep-orders', { every: 60_000 }, { name: 'sweep-orders' });
  },
};
