import type { Reactions } from '../outbox/reaction.js';

/** What the wallets domain's events cause (live pushes, jobs). */
export const walletsReactions: Reactions = {};
