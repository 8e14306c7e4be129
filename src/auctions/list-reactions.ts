import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

/**
 * My bids and the seller's auctions re-fetch themselves on the `auctions` signal on
 * the user's own stream (authorized again on that request): a bid concerns its
 * seller, its bidder and the leader it displaced; a close the seller and every bidder.
 */
const signal = (ids: unknown[]) =>
  [...new Set(ids.map(Number))].filter((id) => Number.isSafeInteger(id) && id > 0).map((id) => ({ stream: streams.user(id), event: 'auctions', data: 'changed' }));

export const auctionListReactions: Reactions = {
  'bid.placed': { live: (p) => signal([p.sellerId, p.bidderId, p.previousLeaderId]) },
  'auction.closed': { live: (p) => signal([p.sellerId, ...(Array.isArray(p.bidderIds) ? p.bidderIds : [])]) },
};
