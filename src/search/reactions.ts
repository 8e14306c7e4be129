import type { Reactions } from '../outbox/reaction.js';

/** What the search domain's events cause (live pushes, jobs). */
export const searchReactions: Reactions = {
  // a buyer's message becomes the seller's notification
  'listing.contacted': { jobs: [{ queue: 'notifications', name: 'from-event' }] },
};
