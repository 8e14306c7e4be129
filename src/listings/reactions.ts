import type { Reactions } from '../outbox/reaction.js';

/** What the listings domain's events cause (live pushes, jobs). */
export const listingsReactions: Reactions = {};
