import type { Reactions } from '../outbox/reaction.js';

/** What the moderation domain's events cause (live pushes, jobs). */
export const moderationReactions: Reactions = {};
