import type { Reactions } from '../outbox/reaction.js';

/** What the payouts domain's events cause (live pushes, jobs). */
export const payoutsReactions: Reactions = {};
