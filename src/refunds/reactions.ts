import type { Reactions } from '../outbox/reaction.js';

/** What the refunds domain's events cause (live pushes, jobs). */
export const refundsReactions: Reactions = {};
