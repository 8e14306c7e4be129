import type { JobSet } from '../registry.js';

/** The boosts domain's jobs and schedules. */
export const boostsJobs: JobSet = { processors: {} };
