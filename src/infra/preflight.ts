import pg from 'pg';
import { Redis } from 'ioredis';

/** A backing service that did not answer at start: its message is one line naming the setting and where it points. */
export class ServiceUnreachable extends Error {
  constructor(
    readonly setting: 'DATABASE_URL' | 'REDIS_URL',
    readonly url: string,
    reason: { network: boolean; text: string },
  ) {
    const what = `${setting === 'REDIS_URL' ? 'Redis' : 'Postgres'} at ${redacted(url)}`;
    super(
      reason.network
        ? `${setting}: ${what} does not answer (${reason.text}). Start it, or set ${setting} to one that runs.`
        : `${setting}: ${what} refused the connection (${reason.text}). Check ${setting}.`,
    );
    this.name = 'ServiceUnreachable';
  }
}

/** The URL without its password, fit for a message. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

function reasonOf(err: unknown): { network: boolean; text: string } {
  if (err instanceof AggregateError && err.errors.length) return reasonOf(err.errors[0]);
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  // socket errors (ECONNREFUSED, ENOTFOUND, ETIMEDOUT) read best as their code; server refusals as their message
  if (/^E[A-Z]+$/.test(code)) return { network: true, text: code };
  const text = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return { network: /timeout|timed out|closed|connection is closed/i.test(text), text };
}

/** One attempt to PING Redis: no retries, no reconnecting in the background. */
async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError: unknown;
  r.on('error', (err) => (lastError = err));
  try {
    await r.connect();
    const pong = await r.ping();
    if (pong !== 'PONG') throw new Error(`answered ${pong}`);
  } catch (err) {
    throw lastError ?? err;
  } finally {
    r.disconnect();
  }
}

/** One attempt to run a query on Postgres. */
async function queryPostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

async function untilAnswers(setting: 'DATABASE_URL' | 'REDIS_URL', url: string, attempt: (url: string, timeoutMs: number) => Promise<void>, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await attempt(url, Math.max(250, Math.min(2000, deadline - Date.now())));
    } catch (err) {
      // a wrong password or database name will not fix itself: say so at once
      const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
      if (Date.now() >= deadline || code === '28P01' || code === '3D000' || code === '28000' || /WRONGPASS|NOAUTH/.test(String(err))) {
        throw new ServiceUnreachable(setting, url, reasonOf(err));
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Checks, before a process opens its connections, that Postgres and Redis
 * answer, giving each `waitMs` to come up (services started together). The
 * connections a process keeps reconnect forever by design, so without this a
 * wrong URL shows as endless retries instead of one message and an exit.
 */
export async function checkServices(config: { DATABASE_URL: string; REDIS_URL: string }, waitMs = 5000): Promise<void> {
  await Promise.all([untilAnswers('REDIS_URL', config.REDIS_URL, pingRedis, waitMs), untilAnswers('DATABASE_URL', config.DATABASE_URL, queryPostgres, waitMs)]);
}
