import type { Request } from 'express';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { services } from '../deps.js';
import type { HttpError } from '../http/errors.js';
import { take } from '../http/ratelimit.js';

const limiters = new WeakMap<object, RateLimiterRedis>();

/**
 * Counts one new listing (created or copied) against the seller's hourly
 * allowance (RATE_LISTINGS_PER_HOUR); resolves the 429 to show when it is used up.
 */
export function takeListingCreation(req: Request): Promise<HttpError | null> {
  const s = services(req);
  let limiter = limiters.get(s);
  if (!limiter) {
    limiter = new RateLimiterRedis({ storeClient: s.redis, keyPrefix: `${s.config.REDIS_PREFIX}rl:listings`, points: s.config.RATE_LISTINGS_PER_HOUR, duration: 3600, useRedisPackage: false });
    limiters.set(s, limiter);
  }
  return take(limiter, String(req.user!.id), 'new listings this hour');
}
