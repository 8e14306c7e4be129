import type { JobSet } from '../registry.js';

/** The moderation domain's jobs and schedules. */
export const moderationJobs: JobSet = { processors: {} };
