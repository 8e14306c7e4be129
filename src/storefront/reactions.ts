import type { Reactions } from '../outbox/reaction.js';

/** What the storefront's events cause (live pushes, jobs). */
export const storefrontReactions: Reactions = {
  // a buyer's message becomes the seller's notification
  'listing.contacted': { jobs: [{ queue: 'notifications', name: 'from-event' }] },
};
