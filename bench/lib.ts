/**
 * Shared pieces of the benchmarks: a scratch database and Redis namespace, web
 * processes started as children, sign-in over HTTP, percentiles and RSS.
 * Everything listens on and talks to 127.0.0.1 only.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb, migrate, type Db } from '../src/db.js';
import { freePort, redisAnswers } from '../src/infra/services.js';
import { randomToken } from '../src/lib/ids.js';
import { createRedis } from '../src/redis.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Rejects when `p` takes longer than `ms`. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cleanup steps run in reverse order once, on success, failure or Ctrl-C. */
export class Cleanup {
  private steps: { name: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<void> | null = null;

  constructor() {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        log(`bench: ${sig}, cleaning up`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }

  add(name: string, fn: () => Promise<void> | void): void {
    this.steps.push({ name, fn });
  }

  /** Fails the run (after cleaning up) if it is still going after `ms`. */
  watchdog(ms: number): void {
    setTimeout(() => {
      log(`bench: still running after ${ms / 1000} s, giving up`);
      void this.run().finally(() => process.exit(1));
    }, ms).unref();
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await within(15_000, `cleanup: ${step.name}`, Promise.resolve().then(step.fn));
        } catch (err) {
          log(`cleanup: ${step.name} failed: ${(err as Error).message}`);
        }
      }
      this.steps = [];
    })());
  }
}

function onlyLocal(url: string, what: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`${what} must be on this machine (127.0.0.1), got ${host}`);
  }
}

export interface Scratch {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  db: Db;
}

/**
 * A freshly migrated database of its own and a Redis key prefix of its own;
 * both are removed by `cleanup`.
 */
export async function createScratch(cleanup: Cleanup, label: string): Promise<Scratch> {
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || LOCAL_PG;
  const redisUrl = process.env.BENCH_REDIS_URL || process.env.REDIS_URL || LOCAL_REDIS;
  onlyLocal(adminUrl, 'Postgres');
  onlyLocal(redisUrl, 'Redis');
  if (!(await redisAnswers(redisUrl))) throw new Error(`Redis does not answer at ${redisUrl} (set REDIS_URL)`);

  const tag = randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = `souk_bench_${label}_${tag}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanup.add(`drop database ${name}`, async () => {
    const a = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = createDb(databaseUrl, 4);
  cleanup.add('close bench db pool', () => db.destroy());
  await within(30_000, 'migrations', migrate(db));

  const redisPrefix = `bench:${label}:${tag}:`;
  cleanup.add(`delete Redis keys ${redisPrefix}*`, async () => {
    const r = createRedis(redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      r.disconnect();
    }
  });
  return { databaseUrl, redisUrl, redisPrefix, db };
}

export interface Child {
  name: string;
  pid: number;
  port: number;
  baseUrl: string;
  proc: ChildProcess;
  /** last lines the child wrote to stderr, for error messages */
  stderr(): string;
}

/** Waits until `url` answers 200, or the child dies, or `ms` passes. */
async function waitReady(child: Child, url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited with code ${child.proc.exitCode}:\n${child.stderr()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not become ready within ${ms} ms:\n${child.stderr()}`);
}

/** Starts a Node child process and stops it (SIGTERM, then SIGKILL) at cleanup. */
export async function spawnChild(
  cleanup: Cleanup,
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyPath: string,
): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (s: string) => {
    tail = (tail + s).slice(-4000);
  });
  const child: Child = { name, pid: proc.pid!, port, baseUrl: `http://127.0.0.1:${port}`, proc, stderr: () => tail };
  cleanup.add(`stop ${name}`, () => stopChild(child));
  await waitReady(child, `${child.baseUrl}${readyPath}`, 30_000);
  return child;
}

export function stopChild(child: Child): Promise<void> {
  const proc = child.proc;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 8000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

export const SESSION_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/**
 * Starts the real web process (`node --import tsx src/main.ts`) on a free port;
 * `checkout`: the built web process of another checkout (its `npm run web`), e.g. the code before a change.
 */
export function startWebChild(cleanup: Cleanup, name: string, scratch: Scratch, extra: NodeJS.ProcessEnv = {}, checkout?: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
    DATABASE_URL: scratch.databaseUrl,
    REDIS_URL: scratch.redisUrl,
    REDIS_PREFIX: scratch.redisPrefix,
    SESSION_SECRET,
    LOG_LEVEL: 'silent',
    RATE_GENERAL_PER_MINUTE: '100000000',
    RATE_SIGNIN_PER_IP: '100000',
    RATE_SIGNIN_PER_ACCOUNT: '100000',
    // the benchmarks pay nothing real: the built-in test gateway is allowed in production mode
    PAYMENTS_LOCAL_IN_PRODUCTION: 'yes',
    ...extra,
  };
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the web processes
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (checkout) {
    const dir = path.resolve(checkout);
    if (!existsSync(path.join(dir, 'dist/src/main.js'))) throw new Error(`${dir} has no build: run npm run build there`);
    return spawnChild(cleanup, `${name} (${dir})`, [...nodeArgs, ...deployedArgs('web', dir).map((a) => (a.startsWith('dist/') ? path.join(dir, a) : a))], env, '/readyz');
  }
  // BENCH_WEB=dist: the web process as deployed (`npm run build`, then `npm run web`, with its flags)
  if (process.env.BENCH_WEB === 'dist') {
    if (!existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('BENCH_WEB=dist needs a build: npm run build');
    return spawnChild(cleanup, `${name} (dist)`, [...nodeArgs, ...deployedArgs('web')], env, '/readyz');
  }
  return spawnChild(cleanup, name, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], env, '/readyz');
}

/** The node arguments of a package.json script (`npm run web`: its flags and entry point), so a bench runs what is deployed. */
export function deployedArgs(script: 'web' | 'worker', dir = root): string[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts[script].split(/\s+/);
  if (node !== 'node') throw new Error(`the ${script} script does not start with node: ${pkg.scripts[script]}`);
  return args;
}

/** Cookies as a browser keeps them: name → value. */
export class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i).trim());
      else this.cookies.set(pair.slice(0, i).trim(), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs in like a browser with scripts off: GET /signin for the CSRF token and
 * cookies, then POST /session. Returns the Cookie header of the signed-in session.
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Jar();
  const page = await fetch(`${baseUrl}/signin`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  jar.take(page);
  const html = await page.text();
  const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*name="_csrf"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`GET /signin answered ${page.status} without a CSRF token`);
  const res = await fetch(`${baseUrl}/session`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  jar.take(res);
  await res.arrayBuffer();
  if (res.status !== 302 && res.status !== 303) throw new Error(`POST /session for ${email} answered ${res.status}, expected a redirect`);
  return jar.header();
}

/** The q-th percentile (0–100) of sorted numbers, nearest-rank. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Resident set size of a process in MB (Linux), or null where /proc is not there. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null = null;
/**
 * CPU time (user + system) a process has used so far, in ms (Linux), or null.
 * Unlike wall-clock figures it barely moves when other work shares the machine.
 */
export function cpuMs(pid: number): number | null {
  try {
    ticksPerSecond ??= Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the command name start at field 3 (state): utime is field 14, stime 15
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** One line describing where and when the figures were taken. */
export function machineLine(): string {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load average ${load}`;
}

export function fmt(n: number | null, digits = 1): string {
  return n === null || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

/** Prints rows as an aligned plain-text table (also valid Markdown). */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/**
 * A bare SSE server, the baseline of the fan-out benches: it subscribes to the
 * bus channel CHANNEL and writes each message as one SSE frame to the clients of
 * its stream (`?streams=<name>`), nothing else. Run with `node --input-type=module -e`.
 */
export const BARE_SSE_SERVER = `
import http from 'node:http';
import { Redis } from 'ioredis';
const byStream = new Map();
const sub = new Redis(process.env.REDIS_URL);
sub.on('message', (_ch, raw) => {
  const msg = JSON.parse(raw);
  const set = byStream.get(msg.stream);
  if (!set) return;
  const frame = (msg.id ? 'id: ' + msg.id + '\\n' : '') + 'event: ' + msg.event + '\\n' + msg.data.split('\\n').map((l) => 'data: ' + l).join('\\n') + '\\n\\n';
  for (const res of set) res.write(frame);
});
await sub.subscribe(process.env.CHANNEL);
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/healthz') { res.end('ok'); return; }
  const stream = url.searchParams.get('streams');
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write('retry: 3000\\n\\n');
  let set = byStream.get(stream);
  if (!set) byStream.set(stream, (set = new Set()));
  set.add(res);
  req.on('close', () => set.delete(res));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;
