import type { Reactions } from '../outbox/reaction.js';

/** What the boosts domain's events cause (live pushes, jobs). */
export const boostsReactions: Reactions = {};
