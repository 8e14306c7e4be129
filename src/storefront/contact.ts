import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../config.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { notPublicReason } from './browse.js';
import { displayName, findListingForPage, listingTitle } from './queries.js';
import type { Drafts } from '../notifications/draft.js';
import { paths } from '../paths.js';

export const MESSAGE_MAX = 1000;

export const contactSchema = z.object({
  message: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(z.string().min(1, 'Write a message to the seller.').max(MESSAGE_MAX, `Keep it to ${MESSAGE_MAX} characters or fewer.`)),
});

const limiters = new WeakMap<Redis, RateLimiterRedis>();

/** Messages to sellers per buyer per hour: enough to ask around, too few to spam. */
export function contactLimiter(redis: Redis, config: Config): RateLimiterRedis {
  let l = limiters.get(redis);
  if (!l) {
    l = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}rl:contact`, points: config.RATE_CONTACTS_PER_HOUR, duration: 3600, useRedisPackage: false });
    limiters.set(redis, l);
  }
  return l;
}

export type ContactResult = { ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'own_listing'; message: string };

/**
 * A buyer's message about a live listing, delivered to the seller as an in-app
 * notification by the 'listing.contacted' event.
 */
export async function contactSeller(db: Knex, buyerId: number, listingId: number, message: string): Promise<ContactResult> {
  const listing = await findListingForPage(db, listingId);
  if (!listing || notPublicReason(listing, clock.now())) return { ok: false, reason: 'not_found' };
  if (Number(listing.seller_id) === buyerId) return { ok: false, reason: 'own_listing', message: 'This is your own listing.' };
  await emit(db, 'listing.contacted', { listingId, sellerId: Number(listing.seller_id), buyerId, message });
  return { ok: true };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The seller's notification for a buyer's message: the buyer's display name and the
 * message, never the buyer's email address (a buyer asking a question does not hand
 * their contact details to every seller they write to).
 */
export const contactDrafts: Drafts = {
  'listing.contacted': async (event, db) => {
    const p = event.payload;
    const [buyer, listing] = await Promise.all([displayName(db, Number(p.buyerId)), listingTitle(db, Number(p.listingId))]);
    if (!buyer || !listing) return [];
    return [
      {
        userId: Number(p.sellerId),
        kind: 'listing.contacted',
        title: `${buyer.display_name} asked about “${listing.title}”`,
        body: str(p.message),
        link: paths.listing(listing.id, listing.slug),
      },
    ];
  },
};
