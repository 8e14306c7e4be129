import type { JobSet } from '../registry.js';

/** The refunds domain's jobs and schedules. */
export const refundsJobs: JobSet = { processors: {} };
