import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

/**
 * What the carts domain's events cause: a `cart` signal on the owner's stream, so
 * every open tab re-fetches its header count (authorized again on that request).
 */
export const cartsReactions: Reactions = {
  'cart.changed': { live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'cart', data: 'changed' }] },
};
