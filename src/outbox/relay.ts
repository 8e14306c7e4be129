import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import type { OutboxEvent } from './outbox.js';

export type Dispatch = (event: OutboxEvent) => Promise<void>;

/**
 * Moves committed outbox events to their consumers. Several relays may run at
 * once: each batch is claimed with FOR UPDATE SKIP LOCKED, so an event is handled
 * by one relay at a time, and marked published only after every consumer
 * accepted it (at-least-once; consumers are idempotent).
 */
export class OutboxRelay {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Knex,
    private readonly dispatch: Dispatch,
    private readonly opts: { databaseUrl: string; pollMs: number; log?: Logger; batch?: number },
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.listener = new pg.Client({ connectionString: this.opts.databaseUrl });
    this.listener.on('error', (err) => this.opts.log?.warn({ err }, 'outbox listener lost'));
    this.listener.on('notification', () => void this.kick());
    await this.listener.connect();
    await this.listener.query('listen outbox');
    const tick = () => {
      if (!this.running) return;
      void this.kick().finally(() => {
        if (this.running) this.timer = setTimeout(tick, this.opts.pollMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining?.catch(() => {});
    await this.listener?.end().catch(() => {});
    this.listener = null;
  }

  /** Drains now; coalesces concurrent wake-ups into one more pass. */
  kick(): Promise<number> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.drain();
      } while (this.again);
      return total;
    })()
      .catch((err) => {
        this.opts.log?.error({ err }, 'outbox relay pass failed');
        return 0;
      })
      .finally(() => {
        this.draining = null;
      });
    return this.draining;
  }

  /** Publishes every pending event; returns how many were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (trx) => {
        const rows: OutboxEvent[] = await trx('outbox')
          .select('id', 'topic', 'payload', 'created_at')
          .whereNull('published_at')
          .orderBy('id')
          .limit(this.opts.batch ?? 100)
          .forUpdate()
          .skipLocked();
        for (const row of rows) await this.dispatch(row);
        // marked together: a consumer that failed rolled the whole batch back, to be handled again
        if (rows.length) await trx('outbox').whereIn('id', rows.map((r) => r.id)).update({ published_at: trx.fn.now() });
        return rows.length;
      });
      total += n;
      if (n === 0) return total;
    }
  }
}
