import type { JobSet } from '../registry.js';

/** The payouts domain's jobs and schedules. */
export const payoutsJobs: JobSet = { processors: {} };
