import type { Reaction, Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

/** The seller's dashboard and listing pages re-fetch themselves on this signal. */
const sellerSignal: Reaction = {
  live: (p) => [{ stream: streams.user(Number(p.sellerId)), event: 'listings', data: 'changed' }],
};

/** What the listings domain's events cause (live pushes, jobs). */
export const listingsReactions: Reactions = {
  // a new or resubmitted listing changes the moderation queue and the admins' counts
  'listing.submitted': {
    live: (p) => [
      { stream: streams.admin(), event: 'moderation', data: 'changed' },
      { stream: streams.user(Number(p.sellerId)), event: 'listings', data: 'changed' },
    ],
  },
  'listing.created': sellerSignal,
  'listing.edited': sellerSignal,
  'listing.paused': sellerSignal,
  'listing.resumed': sellerSignal,
  'listing.sold_out': sellerSignal,
  'listing.restocked': sellerSignal,
  // a deleted pending listing leaves the moderation queue too
  'listing.deleted': {
    live: (p) => [
      { stream: streams.admin(), event: 'moderation', data: 'changed' },
      { stream: streams.user(Number(p.sellerId)), event: 'listings', data: 'changed' },
    ],
  },
};
