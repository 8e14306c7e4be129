import type { SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RenewingRedisStore, renewInterval } from '../../src/http/session-store.js';
import { randomToken } from '../../src/lib/ids.js';
import { createRedis } from '../../src/redis.js';

const prefix = `test:renewal:${randomToken(6)}:sess:`;
let redis: Redis;
beforeAll(() => {
  redis = createRedis(inject('redisUrl'));
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const session = (maxAgeMs: number) => ({ cookie: { originalMaxAge: maxAgeMs, expires: new Date(Date.now() + maxAgeMs) }, userId: 1 }) as unknown as SessionData;

function call(fn: (cb: (err?: unknown) => void) => unknown): { sync: boolean; done: Promise<unknown> } {
  let sync = false;
  let called = false;
  const done = new Promise((resolve) => {
    fn((err) => {
      called = true;
      resolve(err);
    });
  });
  sync = called;
  return { sync, done };
}

describe('renewing sessions', () => {
  it('renews at most once per interval and never makes the answer wait', async () => {
    const errors: unknown[] = [];
    const store = new RenewingRedisStore({ client: redis, prefix }, 60_000, (e) => errors.push(e));
    const sid = randomToken(12);
    await redis.set(`${prefix}${sid}`, JSON.stringify({ userId: 1 }), 'EX', 100);

    const first = call((cb) => store.touch(sid, session(3_600_000), cb));
    expect(first.sync).toBe(true);
    // the renewal reaches Redis on its own (commands on one connection are answered in order)
    await redis.ping();
    expect(await redis.ttl(`${prefix}${sid}`)).toBeGreaterThan(3000);

    // a second request within the interval costs no Redis command
    await redis.expire(`${prefix}${sid}`, 100);
    const second = call((cb) => store.touch(sid, session(3_600_000), cb));
    expect(second.sync).toBe(true);
    await redis.ping();
    expect(await redis.ttl(`${prefix}${sid}`)).toBeLessThanOrEqual(100);
    expect(errors).toEqual([]);
  });

  it('does not bring back a session that was ended, and renews one whose id comes back at once', async () => {
    const store = new RenewingRedisStore({ client: redis, prefix }, 60_000, () => {});
    const sid = randomToken(12);
    await redis.set(`${prefix}${sid}`, JSON.stringify({ userId: 1 }), 'EX', 100);
    call((cb) => store.touch(sid, session(3_600_000), cb));
    await call((cb) => store.destroy(sid, cb)).done;
    call((cb) => store.touch(sid, session(3_600_000), cb));
    await redis.ping();
    expect(await redis.exists(`${prefix}${sid}`)).toBe(0);
  });

  it('renews once a minute, or more often for a short idle limit', () => {
    expect(renewInterval(24 * 60)).toBe(60_000);
    expect(renewInterval(30)).toBe(30_000);
    expect(renewInterval(0.01)).toBe(10);
  });
});
