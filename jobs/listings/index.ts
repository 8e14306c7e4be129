import type { JobSet } from '../registry.js';

/** The listings domain's jobs and schedules. */
export const listingsJobs: JobSet = { processors: {} };
