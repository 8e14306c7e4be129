import type { JobSet } from '../registry.js';

/** The wallets domain's jobs and schedules. */
export const walletsJobs: JobSet = { processors: {} };
