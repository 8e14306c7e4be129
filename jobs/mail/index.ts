import { DELIVER_EMAIL_JOB } from '../../src/mail/delivery.js';
import type { JobSet } from '../registry.js';
import { deliverEmailJob } from './deliver-email.job.js';
import { sweepEmailsJob } from './sweep-emails.job.js';

/** The mail domain's jobs: deliver one email, and a sweep for those no job holds. */
export const mailJobs: JobSet = {
  processors: {
    notifications: {
      [DELIVER_EMAIL_JOB]: deliverEmailJob,
      'sweep-emails': sweepEmailsJob,
    },
  },
  async schedules(queues) {
    await queues.notifications.upsertJobScheduler('sweep-emails', { every: 60_000 }, { name: 'sweep-emails' });
  },
};
