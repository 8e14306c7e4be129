import { DELIVER_JOB } from '../../src/payments/local-events.js';
import { PAYOUT_SETTLE_JOB, REFUND_SETTLE_JOB } from '../../src/payments/local-gateway.js';
import type { JobSet } from '../registry.js';
import { deliverWebhookJob } from './deliver-webhook.job.js';
import { redeliverWebhooksJob } from './redeliver-webhooks.job.js';
import { settlePayoutJob } from './settle-payout.job.js';
import { settleRefundJob } from './settle-refund.job.js';

/** The payments domain's jobs and schedules (the local test gateway's deliveries and bank). */
export const paymentsJobs: JobSet = {
  processors: {
    money: {
      [DELIVER_JOB]: deliverWebhookJob,
      [PAYOUT_SETTLE_JOB]: settlePayoutJob,
      [REFUND_SETTLE_JOB]: settleRefundJob,
      'gateway-redeliver': redeliverWebhooksJob,
    },
  },
  async schedules(queues) {
    await queues.money.upsertJobScheduler('gateway-redeliver', { every: 60_000 }, { name: 'gateway-redeliver' });
  },
};
