import type { Reactions } from '../outbox/reaction.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** What the auctions domain's events cause (jobs; the live pushes of a bid belong to the live layer). */
export const auctionsReactions: Reactions = {
  // an approved auction listing gets its auction row and its close queued
  'listing.approved': { jobs: [{ queue: 'money', name: 'open-auction' }] },
  'bid.outbid': { jobs: [notify] },
  // soft close moved the end: the close is queued again at the new end
  'auction.extended': { jobs: [{ queue: 'money', name: 'schedule-auction-close' }] },
  'auction.closed': { jobs: [notify] },
};
