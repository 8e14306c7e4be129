import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { clock } from '../lib/clock.js';

/**
 * Reads the search generation (`search_generation.n`, moved forward at the
 * commit of every change search can show; migration 0014).
 *
 * Every caller gets a value from a read that *started after it called*, so a
 * change committed before a request arrived is always seen by that request. A
 * read already in flight when a request arrives may predate a commit the
 * request knows about, so the request waits for the next read instead; all
 * requests arriving during one read share the next. Under load that is one
 * round trip per round-trip time, however many requests there are.
 */
export class GenerationReader {
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;

  constructor(private readonly db: Knex) {}

  read(): Promise<number> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const previous = this.running;
    this.queued = previous.then(noop, noop).then(() => {
      this.queued = null;
      return this.running ?? this.start();
    });
    return this.queued;
  }

  private start(): Promise<number> {
    const run = this.db
      .raw<{ rows: { n: number }[] }>('select n from search_generation')
      .then(({ rows }) => Number(rows[0].n))
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }
}

function noop(): void {}

/** A cached value that can stop being true at a known time (e.g. the first listing in it expires). */
export interface Expiring {
  /** ms since epoch (on `clock`) from which the value may be wrong; Infinity when never */
  validUntil: number;
}

/** Where a value computed from the database stands: which generation, when, and until when time keeps it right. */
export interface Freshness extends Expiring {
  generation: number;
  /** clock ms when it was computed */
  computedAt: number;
}

interface Entry<T> {
  value: Promise<T>;
  /** clock ms when it was computed */
  at: number;
  validUntil: number;
}

/** A page rendered from cached data that depends on nothing but its URL. */
export interface CachedPage {
  title: string;
  html: Buffer;
  /** identifies `html` (for the ETag), computed once when kept */
  tag?: string;
}

export type CacheLookup = 'hit' | 'miss';

export interface SearchCacheOptions {
  /** how long an entry may be used at most; 0 turns the cache off */
  seconds: number;
  /** most entries kept per process */
  entries: number;
  /** told about every lookup (metrics) */
  onLookup?: (result: CacheLookup) => void;
}

/**
 * A per-process cache of what search reads from Postgres, keyed by the search
 * generation. An entry is used only while its generation is current (a newer
 * commit makes a new key), while the clock is within `seconds` after it was
 * computed, and before its own `validUntil` (time-based visibility such as a
 * listing's expiry). Values are stored under the generation read *before*
 * they were computed, so an entry can only be fresher than its key says.
 * Concurrent misses on one key share one computation.
 */
export class SearchCache {
  readonly enabled: boolean;
  private readonly ttlMs: number;
  private readonly lru: LRUCache<string, Entry<Expiring>>;
  private readonly pages: LRUCache<string, CachedPage & { at: number; validUntil: number }>;
  private readonly reader: GenerationReader;
  private readonly onLookup: (result: CacheLookup) => void;
  private newest = 0;
  private catalogSlot: { generation: number; value: Promise<unknown> } | null = null;

  constructor(db: Knex, opts: SearchCacheOptions) {
    this.enabled = opts.seconds > 0;
    this.ttlMs = opts.seconds * 1000;
    this.lru = new LRUCache({ max: Math.max(1, opts.entries) });
    this.pages = new LRUCache({ max: Math.max(1, opts.entries) });
    this.reader = new GenerationReader(db);
    this.onLookup = opts.onLookup ?? noop;
  }

  /** The current generation, read after this call (one shared round trip). */
  async generation(): Promise<number> {
    const n = await this.reader.read();
    if (n > this.newest) {
      // every entry of an older generation is dead: free the memory now rather than at eviction
      if (this.newest !== 0) {
        this.lru.clear();
        this.pages.clear();
      }
      this.newest = n;
    }
    return n;
  }

  /** A value that depends only on the catalog tables (the category tree), one per generation. */
  catalog<T>(generation: number, load: () => Promise<T>): Promise<T> {
    const slot = this.catalogSlot;
    if (slot && slot.generation === generation) return slot.value as Promise<T>;
    const value = load();
    if (!slot || generation > slot.generation) {
      const mine = { generation, value };
      this.catalogSlot = mine;
      value.catch(() => {
        if (this.catalogSlot === mine) this.catalogSlot = null;
      });
    }
    return value;
  }

  /**
   * The value for `key` at `generation`: from the cache when it is still good,
   * else from `load` (whose result is kept for the next requests).
   */
  async get<T extends Expiring>(generation: number, key: string, load: () => Promise<T>): Promise<T> {
    const now = clock.nowMs();
    const k = `${generation}\n${key}`;
    const found = this.lru.get(k);
    if (found && this.usable(found, now)) {
      try {
        const value = (await found.value) as T;
        if (now < value.validUntil) {
          this.onLookup('hit');
          return value;
        }
      } catch {
        /* the computation it waited for failed: compute again below */
      }
    }
    this.onLookup('miss');
    const entry: Entry<T> = { value: load(), at: now, validUntil: Infinity };
    this.lru.set(k, entry);
    entry.value.then(
      (v) => {
        entry.validUntil = v.validUntil;
      },
      () => {
        if (this.lru.peek(k) === entry) this.lru.delete(k);
      },
    );
    return entry.value;
  }

  /**
   * A page kept by `keepPage` for this generation and key, while the data it
   * was rendered from would still be used.
   */
  page(generation: number, key: string): CachedPage | undefined {
    const found = this.pages.get(`${generation}\n${key}`);
    if (!found || !this.usable(found, clock.nowMs())) return undefined;
    this.onLookup('hit');
    return found;
  }

  /** Keeps a page rendered from data of `freshness` (only what any visitor with this key would get). */
  keepPage(key: string, freshness: Freshness, page: CachedPage): void {
    if (!this.usable({ at: freshness.computedAt, validUntil: freshness.validUntil }, clock.nowMs())) return;
    const tag = createHash('sha1').update(page.html).digest('base64url').slice(0, 22);
    this.pages.set(`${freshness.generation}\n${key}`, { ...page, tag, at: freshness.computedAt, validUntil: freshness.validUntil });
  }

  private usable(e: { at: number; validUntil: number }, now: number): boolean {
    // a clock moved backwards (tests) makes an entry from "the future" unusable too
    return now >= e.at && now - e.at < this.ttlMs && now < e.validUntil;
  }
}
