import type { JobSet } from '../registry.js';
import { fromEventJob } from './from-event.job.js';

/** The notifications domain's jobs: a domain event becomes in-app notifications. */
export const notificationsJobs: JobSet = {
  processors: { notifications: { 'from-event': (rt, job) => fromEventJob(rt.db, job, rt.config) } },
};
