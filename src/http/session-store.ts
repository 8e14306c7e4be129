import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * Sessions in Redis (connect-redis), renewed as the rolling cookie asks but
 * without a Redis round trip on every request: a session this process renewed
 * less than `renewEveryMs` ago is not renewed again, and the answer never waits
 * for a renewal (express-session holds back the end of the answer until the
 * store calls back). An active session therefore ends at most `renewEveryMs`
 * before its idle limit would have ended it; sign-out, revocation and blocking
 * delete the key as before, and renewing a deleted key does not bring it back.
 */
export class RenewingRedisStore extends RedisStore {
  private readonly renewed: LRUCache<string, true>;

  constructor(
    opts: { client: Redis; prefix: string },
    renewEveryMs: number,
    private readonly onRenewError: (err: unknown) => void,
  ) {
    super(opts);
    this.renewed = new LRUCache<string, true>({ max: 100_000, ttl: Math.max(1, Math.floor(renewEveryMs)), ttlAutopurge: false });
  }

  override touch(sid: string, sess: SessionData, cb?: (err?: unknown) => void): Promise<void> {
    if (!this.renewed.has(sid)) {
      this.renewed.set(sid, true);
      void super.touch(sid, sess, (err: unknown) => {
        if (!err) return;
        this.renewed.delete(sid);
        this.onRenewError(err);
      });
    }
    cb?.();
    return Promise.resolve();
  }

  /** A session ended here (sign-out, revocation) is renewed at once if its id ever comes back. */
  override destroy(sid: string, cb?: (err?: unknown) => void): Promise<void> {
    this.renewed.delete(sid);
    return super.destroy(sid, cb);
  }
}

/** How often an active session is renewed at most: once a minute, or 1/60 of a shorter idle limit. */
export function renewInterval(idleMinutes: number): number {
  return Math.min(60_000, (idleMinutes * 60_000) / 60);
}
