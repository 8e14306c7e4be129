import type { JobSet } from '../registry.js';

/** The media domain's jobs and schedules. */
export const mediaJobs: JobSet = { processors: {} };
