import type { Runtime } from '../../src/runtime.js';
import { sweepListings } from '../../src/moderation/expiry.js';

/** Expiry reminders and expiry itself; every minute, safe to overlap or repeat. */
export function sweepListingsJob(rt: Runtime) {
  return sweepListings(rt.db, rt.config);
}
