import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppServices } from '../deps.js';
import type { HttpError } from '../http/errors.js';
import { take } from '../http/ratelimit.js';

const limiters = new WeakMap<Redis, RateLimiterRedis>();

/** Bids per bidder per minute (RATE_BIDS_PER_MINUTE), shared by every web process through Redis. */
function bidLimiter(s: Pick<AppServices, 'redis' | 'config'>): RateLimiterRedis {
  let l = limiters.get(s.redis);
  if (!l) {
    l = new RateLimiterRedis({ storeClient: s.redis, keyPrefix: `${s.config.REDIS_PREFIX}rl:bids`, points: s.config.RATE_BIDS_PER_MINUTE, duration: 60, useRedisPackage: false });
    limiters.set(s.redis, l);
  }
  return l;
}

/** Takes one bid from the bidder's allowance: the 429 to show when it is spent, else null. */
export function bidLimit(s: Pick<AppServices, 'redis' | 'config'>, userId: number): Promise<HttpError | null> {
  return take(bidLimiter(s), String(userId), 'bids');
}
