import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { HttpError } from './errors.js';

export interface Limits {
  signInAccount: RateLimiterRedis;
  signInIp: RateLimiterRedis;
  signUpIp: RateLimiterRedis;
  general: RateLimiterRedis;
}

export function createLimits(redis: Redis, config: Config): Limits {
  const make = (name: string, points: number, duration: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}rl:${name}`, points, duration, useRedisPackage: false });
  return {
    signInAccount: make('signin-account', config.RATE_SIGNIN_PER_ACCOUNT, config.RATE_SIGNIN_WINDOW_SECONDS),
    signInIp: make('signin-ip', config.RATE_SIGNIN_PER_IP, config.RATE_SIGNIN_WINDOW_SECONDS),
    signUpIp: make('signup-ip', config.RATE_SIGNUP_PER_IP, 3600),
    general: make('general', config.RATE_GENERAL_PER_MINUTE, 60),
  };
}

/** Human wording for a wait. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** The 429 error for a refused consume, with Retry-After. */
export function tooMany(res: RateLimiterRes, what = 'requests'): HttpError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new HttpError(429, `Too many ${what}. Try again in ${waitText(seconds)}.`, { 'Retry-After': String(seconds) });
}

/**
 * Consumes a point; resolves null when allowed, or the 429 error to show.
 * If Redis is down the request is let through rather than locking everyone out.
 */
export async function take(limiter: RateLimiterRedis, key: string, what?: string, points = 1): Promise<HttpError | null> {
  try {
    await limiter.consume(key, points);
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return tooMany(err, what);
    return null;
  }
}

/** Peeks without consuming: the error if the key is already over its limit. */
export async function blockedNow(limiter: RateLimiterRedis, key: string, what?: string): Promise<HttpError | null> {
  try {
    const r = await limiter.get(key);
    if (r && r.remainingPoints <= 0 && r.consumedPoints >= limiter.points) return tooMany(r, what);
  } catch {
    /* Redis trouble: do not lock people out */
  }
  return null;
}

export function generalLimit(limits: Limits) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const err = await take(limits.general, req.ip ?? 'unknown');
    next(err ?? undefined);
  };
}
