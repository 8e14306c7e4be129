import type { Knex } from 'knex';
import { startWorker } from '../jobs/worker.js';
import { startWeb } from '../src/main.js';
import { createTestEnv, type TestEnv } from './db.js';

export interface TestApp extends TestEnv {
  baseUrl: string;
  /** runs the outbox relay until nothing is pending (when the worker runs, it also drains on its own) */
  drainOutbox(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A real web process (HTTP on a free port, SSE hub) and, unless `worker: false`,
 * a real worker (outbox relay + BullMQ), on this test file's own database and Redis namespace.
 */
export async function startTestApp(opts: { worker?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  const t = await createTestEnv(opts.env);
  const web = await startWeb(t.env);
  const worker = opts.worker === false ? null : await startWorker(t.env);
  return {
    ...t,
    baseUrl: `http://127.0.0.1:${web.port}`,
    drainOutbox: () => (worker ? worker.relay.kick() : Promise.resolve(0)),
    async stop() {
      await web.stop();
      await worker?.stop();
      await t.drop();
    },
  };
}

/**
 * Polls until `check` returns a truthy value (for work that happens in the worker). The
 * limit is for work that never happens, not a pace: a passing check returns at once, and
 * on a loaded machine the worker can take over ten seconds (kept under the 30 s test limit, so a
 * failure reports the check, not a timeout).
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw last instanceof Error ? last : new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until some session of this database waits for a lock (a transaction held open by a test blocks it). */
export function someoneWaitsForALock(db: Knex): Promise<boolean> {
  return eventually(async () => {
    const { rows } = await db.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    return rows[0].n > 0;
  });
}
