import type { Reactions } from '../outbox/reaction.js';

/** What the search domain's events cause (live pushes, jobs). */
export const searchReactions: Reactions = {};
