import type { JobSet } from '../registry.js';

/** The payments domain's jobs and schedules. */
export const paymentsJobs: JobSet = { processors: {} };
