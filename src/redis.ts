import { Redis, type RedisOptions } from 'ioredis';

/**
 * Opens a Redis connection. BullMQ and subscriber connections need
 * `maxRetriesPerRequest: null`; plain command connections keep the default.
 */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  const r = new Redis(url, { lazyConnect: false, ...opts });
  r.on('error', () => {
    /* reconnects on its own; readiness is reported by /readyz */
  });
  return r;
}
