import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/**
 * The order pages and the seller's inbox re-fetch themselves on the `orders`
 * signal (authorized again on that request). Order-wide events concern the buyer;
 * a seller order's events both of its parties.
 */
const toBuyer = (p: Record<string, unknown>) => [{ stream: streams.user(Number(p.userId)), event: 'orders', data: 'changed' }];
const toBoth = (p: Record<string, unknown>) =>
  [...new Set([Number(p.buyerId), Number(p.sellerId)])].filter((id) => id > 0).map((id) => ({ stream: streams.user(id), event: 'orders', data: 'changed' }));

/** What the orders domain's events cause (live pushes, jobs). */
export const ordersReactions: Reactions = {
  // the delayed lapse job is queued from the committed order (never for a rolled-back one)
  'order.placed': { live: toBuyer, jobs: [{ queue: 'money', name: 'schedule-order-expiry' }] },
  'order.paid': { live: toBuyer },
  'order.lapsed': { live: toBuyer, jobs: [notify] },
  'order.changed': { live: toBuyer },
  'seller_order.paid': { live: toBoth, jobs: [notify] },
  'seller_order.changed': { live: toBoth, jobs: [notify] },
  'seller_order.refunded': { live: toBoth },
  'stock.low': { jobs: [notify] },
  // a digital part is completed (and the seller paid) by its first whole download
  'download.completed': { jobs: [{ queue: 'money', name: 'complete-download' }] },
};
