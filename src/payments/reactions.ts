import type { Reactions } from '../outbox/reaction.js';

/** What the payments domain's events cause (live pushes, jobs). */
export const paymentsReactions: Reactions = {};
