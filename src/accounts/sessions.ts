import type { Store } from 'express-session';
import type { Redis } from 'ioredis';

/**
 * Remembers which session ids belong to which user, so that blocking a user can
 * destroy every one of their sessions server-side at once.
 */
export class UserSessions {
  constructor(
    private readonly redis: Redis,
    private readonly store: Store,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(userId: number): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  async track(userId: number, sid: string): Promise<void> {
    await this.redis.multi().sadd(this.key(userId), sid).expire(this.key(userId), this.ttlSeconds).exec();
  }

  async untrack(userId: number, sid: string): Promise<void> {
    await this.redis.srem(this.key(userId), sid);
  }

  /** Destroys every session of the user; returns how many there were. */
  async destroyAll(userId: number): Promise<number> {
    const sids = await this.redis.smembers(this.key(userId));
    await Promise.all(
      sids.map((sid) => new Promise<void>((resolve, reject) => this.store.destroy(sid, (err) => (err ? reject(err) : resolve())))),
    );
    await this.redis.del(this.key(userId));
    return sids.length;
  }
}
