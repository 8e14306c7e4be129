import type { Reactions } from '../outbox/reaction.js';

/** What the finance domain's events cause (live pushes, jobs). */
export const financeReactions: Reactions = {};
