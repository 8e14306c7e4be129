import type { SessionData, Store } from 'express-session';
import type { Redis } from 'ioredis';

/** One signed-in session as its owner sees it in their settings. */
export interface SessionEntry {
  sid: string;
  data: Partial<SessionData>;
  /** how long until the session ends without activity, from its key's time to live in Redis */
  ttlMs: number;
}

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

  private storeGet(sid: string): Promise<Partial<SessionData> | null> {
    return new Promise((resolve, reject) => this.store.get(sid, (err, data) => (err ? reject(err) : resolve((data as Partial<SessionData> | null | undefined) ?? null))));
  }

  private storeDestroy(sid: string): Promise<void> {
    return new Promise((resolve, reject) => this.store.destroy(sid, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * The user's sessions that still exist (ids whose session ended on its own are
   * forgotten on the way). The time to live is read from connect-redis's key
   * (`<prefix>sess:<sid>`), which requests renew (rolling sessions, at most once a
   * minute), so it tells when the session was last used, to the minute.
   */
  async list(userId: number): Promise<SessionEntry[]> {
    const sids = await this.redis.smembers(this.key(userId));
    const out: SessionEntry[] = [];
    for (const sid of sids) {
      const [data, ttlMs] = await Promise.all([this.storeGet(sid), this.redis.pttl(`${this.prefix}sess:${sid}`)]);
      if (!data || data.userId !== userId) {
        await this.untrack(userId, sid);
        continue;
      }
      out.push({ sid, data, ttlMs: Math.max(0, ttlMs) });
    }
    return out;
  }

  /** Destroys every session of the user except `keepSid` (the one asking); returns how many ended. */
  async destroyOthers(userId: number, keepSid: string): Promise<number> {
    const sids = (await this.redis.smembers(this.key(userId))).filter((sid) => sid !== keepSid);
    await Promise.all(sids.map((sid) => this.storeDestroy(sid)));
    if (sids.length) await this.redis.srem(this.key(userId), ...sids);
    return sids.length;
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
