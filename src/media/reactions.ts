import type { Reactions } from '../outbox/reaction.js';

/** What the media domain's events cause (live pushes, jobs). */
export const mediaReactions: Reactions = {};
