import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppServices } from '../deps.js';
import type { HttpError } from '../http/errors.js';
import { take } from '../http/ratelimit.js';

interface ResetLimiters {
  email: RateLimiterRedis;
  ip: RateLimiterRedis;
}

const made = new WeakMap<Redis, ResetLimiters>();

function limiters(s: Pick<AppServices, 'redis' | 'config'>): ResetLimiters {
  let l = made.get(s.redis);
  if (!l) {
    const make = (name: string, points: number) =>
      new RateLimiterRedis({ storeClient: s.redis, keyPrefix: `${s.config.REDIS_PREFIX}rl:${name}`, points, duration: 3600, useRedisPackage: false });
    l = { email: make('reset-email', s.config.RATE_RESET_PER_EMAIL), ip: make('reset-ip', s.config.RATE_RESET_PER_IP) };
    made.set(s.redis, l);
  }
  return l;
}

/**
 * Takes one password-reset request from the network's and the address's hourly
 * allowance (RATE_RESET_PER_IP, RATE_RESET_PER_EMAIL). The address is counted
 * whether or not it has an account, so the answer tells nothing about it; the
 * 429 to show when spent, else null.
 */
export async function resetRequestLimit(s: Pick<AppServices, 'redis' | 'config'>, ip: string, email: string): Promise<HttpError | null> {
  const l = limiters(s);
  return (await take(l.ip, ip, 'reset requests from your network')) ?? (await take(l.email, email, 'reset requests for this address'));
}
