import type { JobSet } from '../registry.js';

/** The search domain's jobs and schedules. */
export const searchJobs: JobSet = { processors: {} };
