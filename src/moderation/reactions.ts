import type { Reactions } from '../outbox/reaction.js';
import type { LiveMessage } from '../realtime/bus.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;
// the seller's listing page and dashboard re-fetch their (private) fragments on this signal
const sellerListings = (p: Record<string, unknown>): LiveMessage => ({ stream: streams.user(Number(p.userId)), event: 'listings', data: 'changed' });
// the moderation queue and the admin header counts re-fetch on this signal
const queue: LiveMessage = { stream: streams.admin(), event: 'moderation', data: 'changed' };

/** What the moderation domain's events cause (live pushes, jobs). */
export const moderationReactions: Reactions = {
  'listing.approved': {
    live: (p) => [sellerListings(p), queue],
    jobs: [notify, { queue: 'listings', name: 'match-saved-searches' }],
  },
  'listing.rejected': { live: (p) => [sellerListings(p), queue], jobs: [notify] },
  'listing.hidden': { live: (p) => [sellerListings(p), queue], jobs: [notify] },
  'listing.expiring': { live: (p) => [sellerListings(p)], jobs: [notify] },
  'listing.expired': { live: (p) => [sellerListings(p)], jobs: [notify] },
  'listing.renewed': { live: (p) => [sellerListings(p)] },
  'listing.extended': { live: (p) => [sellerListings(p)], jobs: [notify] },
  // who holds a review claim shows in every admin's queue
  'moderation.claimed': { live: () => [queue] },
};
