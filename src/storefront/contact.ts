import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../config.js';
import { writeAboutListing, type SendResult } from '../conversations/conversations.js';
import { messageField, MESSAGE_MAX } from '../conversations/forms.js';
import { conversationAboutListing } from '../conversations/queries.js';
import { messageLimit } from '../conversations/ratelimit.js';
import type { AppServices } from '../deps.js';
import type { HttpError } from '../http/errors.js';
import { take } from '../http/ratelimit.js';
import { clock } from '../lib/clock.js';
import { notPublicReason } from './browse.js';
import { displayName, findListingForPage, listingTitle } from './queries.js';
import type { Drafts } from '../notifications/draft.js';
import { paths } from '../paths.js';

export { MESSAGE_MAX };

export const contactSchema = z.object({ message: messageField('Write a message to the seller.') });

const limiters = new WeakMap<Redis, RateLimiterRedis>();

/** Conversations a buyer opens with sellers per hour: enough to ask around, too few to spam. */
export function contactLimiter(redis: Redis, config: Config): RateLimiterRedis {
  let l = limiters.get(redis);
  if (!l) {
    l = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}rl:contact`, points: config.RATE_CONTACTS_PER_HOUR, duration: 3600, useRedisPackage: false });
    limiters.set(redis, l);
  }
  return l;
}

/**
 * The allowance a message from the listing page takes: one message, and one new
 * conversation when the buyer has none about this listing yet (the 429 to show, or null).
 */
export async function enquiryLimit(s: Pick<AppServices, 'db' | 'redis' | 'config'>, buyerId: number, listingId: number): Promise<HttpError | null> {
  const existing = await conversationAboutListing(s.db, listingId, buyerId);
  if (!existing) {
    const refused = await take(contactLimiter(s.redis, s.config), String(buyerId), 'messages to sellers');
    if (refused) return refused;
  }
  return messageLimit(s, buyerId);
}

export type ContactResult = SendResult | { ok: false; reason: 'not_found' } | { ok: false; reason: 'own_listing'; message: string };

/**
 * A buyer's message about a live listing: it opens their conversation with the
 * seller about it, or continues the one they have (the seller is notified by the
 * conversation's event).
 */
export async function contactSeller(db: Knex, buyerId: number, listingId: number, message: string): Promise<ContactResult> {
  const listing = await findListingForPage(db, listingId);
  if (!listing || notPublicReason(listing, clock.now())) return { ok: false, reason: 'not_found' };
  if (Number(listing.seller_id) === buyerId) return { ok: false, reason: 'own_listing', message: 'This is your own listing.' };
  return writeAboutListing(db, { buyerId, sellerId: Number(listing.seller_id), listingId }, message);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The seller's notification for a buyer's message sent before messages became
 * conversations (such events may still wait in the outbox): the buyer's display name and the
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
