import type { JobSet } from '../registry.js';

/** The finance domain's jobs and schedules. */
export const financeJobs: JobSet = { processors: {} };
