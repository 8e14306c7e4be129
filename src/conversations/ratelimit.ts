import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppServices } from '../deps.js';
import type { HttpError } from '../http/errors.js';
import { take } from '../http/ratelimit.js';

const limiters = new WeakMap<Redis, RateLimiterRedis>();

/** Messages per sender per hour (RATE_MESSAGES_PER_HOUR), over all their conversations and every web process. */
function messageLimiter(s: Pick<AppServices, 'redis' | 'config'>): RateLimiterRedis {
  let l = limiters.get(s.redis);
  if (!l) {
    l = new RateLimiterRedis({ storeClient: s.redis, keyPrefix: `${s.config.REDIS_PREFIX}rl:messages`, points: s.config.RATE_MESSAGES_PER_HOUR, duration: 3600, useRedisPackage: false });
    limiters.set(s.redis, l);
  }
  return l;
}

/** Takes one message from the sender's allowance: the 429 to show when it is spent, else null. */
export function messageLimit(s: Pick<AppServices, 'redis' | 'config'>, userId: number): Promise<HttpError | null> {
  return take(messageLimiter(s), String(userId), 'messages');
}
