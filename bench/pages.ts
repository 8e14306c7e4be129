/**
 * A signed-in HTML page under load: GET /notifications on the real web
 * process, beside two baselines measured in the same run with the same
 * autocannon settings:
 *
 * - "bare, same work" (bench/pages-baseline.ts): a node:http server that reads
 *   the same session from Redis, runs the same SQL through pg and renders the
 *   page with template strings — the figure Souk is held to (at least half of it);
 * - "bare, static bytes": a node:http server answering the page as a fixed
 *   string (the ceiling of the machine, for the record).
 *
 * Three workloads, so no cache that only a repeated request hits can flatter
 * the result: `hot` (one user again and again), `miss` (each request the next
 * of BENCH_USERS users, round robin) and `mixed` (every other request the hot
 * user, the rest round robin). Souk and its fair baseline are measured in
 * BENCH_ROUNDS alternating rounds (default 4) that share the BENCH_SECONDS, so
 * a change in the machine's load during the run weighs on both alike.
 *
 *   npm run bench:pages
 *   BENCH_BARE_PREPARED=0 npm run bench:pages   # the same-work baseline with unnamed statements (Postgres plans each run)
 *   BENCH_CONNECTIONS=32 BENCH_SECONDS=10 BENCH_ROUNDS=4 BENCH_USERS=200 BENCH_WORKLOADS=hot,miss npm run bench:pages
 *   npm run build && BENCH_WEB=dist npm run bench:pages   # the web process as deployed (`npm run web`, its flags)
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:pages   # profile the web process
 *   BENCH_BARE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-bare" npm run bench:pages   # profile the same-work baseline
 *   BENCH_ACCEPT_ENCODING="gzip, deflate, br, zstd" BENCH_WEB=dist npm run bench:pages   # as a browser asks: Souk compresses its pages (the baselines answer uncompressed)
 *   BENCH_COMPARE=/tmp/before BENCH_WEB=dist npm run bench:pages   # also the built web process of another checkout (say, the code before a change), in the same alternating rounds
 *
 * A comparison of two versions of Souk run one after the other is at the mercy
 * of the machine's load in between; BENCH_COMPARE measures the other version in
 * the same rounds as this one (a git worktree of the older commit, with
 * `npm run build` run in it; its node_modules may be a link to these).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { hashPassword } from '../src/accounts/passwords.js';
import type { Db } from '../src/db.js';
import { randomToken } from '../src/lib/ids.js';
import { createRedis } from '../src/redis.js';
import { Cleanup, cpuMs, createScratch, fmt, log, machineLine, rssMb, SESSION_SECRET, signIn, spawnChild, startWebChild, table, within, type Child } from './lib.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const NOTIFICATIONS = 20;
const USERS = Number(process.env.BENCH_USERS ?? 200);
/** sent with every request as Accept-Encoding, as a browser does (Souk then compresses its pages; the baselines do not) */
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? '';
/** the name the BENCH_COMPARE web process has in the table */
const COMPARED = 'souk, BENCH_COMPARE build';
const WORKLOADS = (process.env.BENCH_WORKLOADS ?? 'hot,miss,mixed').split(',').map((w) => w.trim()) as Workload[];
type Workload = 'hot' | 'miss' | 'mixed';

/** Which session cookie each request carries, per workload. */
function cookieSource(workload: Workload, cookies: string[]): () => string {
  let i = 0;
  let turn = 0;
  if (workload === 'hot') return () => cookies[0];
  if (workload === 'miss') return () => cookies[i++ % cookies.length];
  return () => (turn++ % 2 === 0 ? cookies[0] : cookies[1 + (i++ % (cookies.length - 1))]);
}

interface Measured {
  name: string;
  workload: string;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  bytes: number;
  requests: number;
  rss: number | null;
  /** server CPU time per answered request, ms */
  cpuPerRequest: number | null;
  /** CPU time of the Postgres backends serving this database, per request, ms */
  pgCpuPerRequest: number | null;
}

/** CPU time of each Postgres backend connected to `db`'s database (same machine), by process id. */
async function pgBackendsCpu(db: Db | null): Promise<Map<number, number> | null> {
  if (!db) return null;
  const { rows } = await db.raw<{ rows: { pid: number }[] }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = cpuMs(pid);
    if (ms === null) return null;
    out.set(pid, ms);
  }
  return out;
}

/**
 * CPU the backends spent between two readings. Counted per backend: one that
 * closed meanwhile (another pool's idle connection) must not make it negative;
 * one that opened meanwhile counts in full.
 */
function pgCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

function cannon(url: string, cookie: (() => string) | null, seconds: number): Promise<autocannon.Result> {
  return within(
    (seconds + 10) * 1000,
    `autocannon ${url}`,
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: CONNECTIONS,
          pipelining: 1,
          duration: seconds,
          timeout: 10,
          ...(ACCEPT_ENCODING ? { headers: { 'accept-encoding': ACCEPT_ENCODING } } : {}),
          requests: [{ setupRequest: (req) => (cookie ? { ...req, headers: { ...req.headers, cookie: cookie() } } : req) }],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      instance.on('error', reject);
    }),
  );
}

interface Target {
  name: string;
  child: Child;
  cookie: (() => string) | null;
  db: Db | null;
}

/** One measured stretch of `seconds` against `t`; refuses it when any answer was not a 200. */
async function round(t: Target, workload: string, pathname: string, seconds: number) {
  const cpuBefore = cpuMs(t.child.pid);
  const pgBefore = await pgBackendsCpu(t.db);
  const r = await cannon(`${t.child.baseUrl}${pathname}`, t.cookie, seconds);
  const cpuAfter = cpuMs(t.child.pid);
  const pgAfter = await pgBackendsCpu(t.db);
  const codes = Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => `${code}×${(s as { count: number }).count}`).join(', ');
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
    throw new Error(`${t.name} (${workload}): not every answer was a 200 (status codes: ${codes}; errors ${r.errors}; timeouts ${r.timeouts})`);
  }
  const other2xx = Object.keys(r.statusCodeStats ?? {}).filter((c) => c !== '200');
  if (other2xx.length) throw new Error(`${t.name} (${workload}): answers other than 200: ${codes}`);
  return {
    r,
    cpu: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
    pg: pgCpuBetween(pgBefore, pgAfter),
  };
}

/**
 * Warms each target up, then measures them in ROUNDS alternating rounds (A B, B A,
 * A B…) of SECONDS / ROUNDS each, so a change in the machine's load during the run
 * falls on both alike. Request rate and CPU per request are totals over the rounds;
 * latency percentiles are the rounds' percentiles weighted by their answers.
 */
async function measureTogether(targets: Target[], workload: string, pathname: string): Promise<Measured[]> {
  for (const t of targets) {
    log(`${t.name} (${workload}): warm-up ${WARMUP_SECONDS} s`);
    await cannon(`${t.child.baseUrl}${pathname}`, t.cookie, WARMUP_SECONDS);
  }
  const seconds = Math.max(1, SECONDS / ROUNDS);
  const rounds = targets.map(() => [] as Awaited<ReturnType<typeof round>>[]);
  for (let n = 0; n < ROUNDS; n++) {
    const order = n % 2 === 0 ? targets.map((_, i) => i) : targets.map((_, i) => targets.length - 1 - i);
    for (const i of order) {
      log(`${targets[i].name} (${workload}): round ${n + 1}/${ROUNDS}, ${seconds} s, ${CONNECTIONS} connections, pipelining 1`);
      rounds[i].push(await round(targets[i], workload, pathname, seconds));
    }
  }
  return targets.map((t, i) => {
    const rs = rounds[i];
    const answers = rs.reduce((a, x) => a + x.r['2xx'], 0);
    const weighted = (f: (r: autocannon.Result) => number) => rs.reduce((a, x) => a + f(x.r) * x.r['2xx'], 0) / Math.max(1, answers);
    const sum = (f: (x: (typeof rs)[number]) => number | null) => (rs.every((x) => f(x) !== null) ? rs.reduce((a, x) => a + f(x)!, 0) : null);
    const cpu = sum((x) => x.cpu);
    const pg = sum((x) => x.pg);
    return {
      name: t.name,
      workload,
      rps: answers / (seconds * rs.length),
      p50: weighted((r) => r.latency.p50),
      p975: weighted((r) => r.latency.p97_5),
      p99: weighted((r) => r.latency.p99),
      bytes: rs.reduce((a, x) => a + x.r.throughput.total, 0) / Math.max(1, answers),
      requests: answers,
      rss: rssMb(t.child.pid),
      cpuPerRequest: cpu === null ? null : cpu / Math.max(1, answers),
      pgCpuPerRequest: pg === null ? null : pg / Math.max(1, answers),
    };
  });
}

const BASELINE_SERVER = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
const body = readFileSync(process.env.BENCH_HTML_FILE);
http.createServer((req, res) => {
  if (req.url === '/healthz') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); return; }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), process.env.HOST);
`;

/** A signed session as express-session + connect-redis store it, and the cookie that names it. */
async function plantSessions(redisUrl: string, prefix: string, userIds: number[]): Promise<string[]> {
  const r = createRedis(redisUrl);
  try {
    const cookies: string[] = [];
    const pipe = r.pipeline();
    const idle = 24 * 60 * 60;
    for (const userId of userIds) {
      const sid = randomToken(24).replace(/[^A-Za-z0-9_-]/g, '');
      const session = {
        cookie: { originalMaxAge: idle * 1000, expires: new Date(Date.now() + idle * 1000).toISOString(), secure: false, httpOnly: true, path: '/', sameSite: 'lax' },
        userId,
        signedInAt: Date.now(),
      };
      pipe.set(`${prefix}sess:${sid}`, JSON.stringify(session), 'EX', idle);
      pipe.sadd(`${prefix}user-sessions:${userId}`, sid);
      const sig = createHmac('sha256', SESSION_SECRET).update(sid).digest('base64').replace(/=+$/, '');
      cookies.push(`souk.sid=${encodeURIComponent(`s:${sid}.${sig}`)}`);
    }
    await pipe.exec();
    return cookies;
  } finally {
    r.disconnect();
  }
}

/** GETs /notifications with `cookie` and checks it is `name`'s signed-in page. */
async function signedInPage(child: Child, cookie: string, name: string): Promise<string> {
  const res = await fetch(`${child.baseUrl}/notifications`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const html = await res.text();
  if (res.status !== 200 || !html.includes('Lamp corner 1') || !html.includes(name)) {
    throw new Error(`${child.name}: GET /notifications answered ${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''}, not ${name}'s signed-in page`);
  }
  return html;
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(120_000 + WORKLOADS.length * (process.env.BENCH_COMPARE ? 4 : 3) * (SECONDS + WARMUP_SECONDS + 15) * 1000);
  try {
    const scratch = await createScratch(cleanup, 'pages');
    const password = 'bench-password-1234';
    const passwordHash = await hashPassword(password);
    const users = await scratch.db('users')
      .insert(Array.from({ length: USERS }, (_, i) => ({ email: `bench-pages-${i}@example.test`, display_name: `Bench Reader ${i}`, password_hash: passwordHash })))
      .returning(['id']);
    for (let from = 0; from < users.length; from += 50) {
      await scratch.db('notifications').insert(
        users.slice(from, from + 50).flatMap((u) =>
          Array.from({ length: NOTIFICATIONS }, (_, i) => ({
            user_id: u.id,
            kind: 'seller.approved',
            title: `Your shop “Lamp corner ${i + 1}” is approved`,
            body: 'You can now sell on Souk.',
            link: '/seller-application',
            read_at: i % 3 === 0 ? new Date() : null,
          })),
        ),
      );
    }
    await scratch.db.raw('analyze');

    const web = await startWebChild(cleanup, 'web', scratch);
    const compare = process.env.BENCH_COMPARE ? await startWebChild(cleanup, 'web', scratch, {}, process.env.BENCH_COMPARE) : null;
    // the first user signs in for real; the others get sessions stored the same way (argon2 for each would take minutes)
    const signedIn = await signIn(web.baseUrl, 'bench-pages-0@example.test', password);
    const planted = await plantSessions(scratch.redisUrl, scratch.redisPrefix, users.slice(1).map((u) => u.id));
    const cookies = [signedIn, ...planted];
    const html = await signedInPage(web, cookies[0], 'Bench Reader 0');
    await signedInPage(web, cookies[users.length - 1], `Bench Reader ${users.length - 1}`);
    if (compare) {
      await signedInPage(compare, cookies[0], 'Bench Reader 0');
      await signedInPage(compare, cookies[users.length - 1], `Bench Reader ${users.length - 1}`);
    }

    const tmp = mkdtempSync(path.join(os.tmpdir(), 'souk-bench-'));
    cleanup.add('remove temp dir', () => rmSync(tmp, { recursive: true, force: true }));
    const htmlFile = path.join(tmp, 'page.html');
    writeFileSync(htmlFile, html);
    const headFile = path.join(tmp, 'head.html');
    writeFileSync(headFile, html.slice(html.indexOf('<head>'), html.indexOf('</head>') + '</head>'.length));

    const fair = await spawnChild(
      cleanup,
      'bare node:http, same work',
      [...(process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'bench/pages-baseline.ts'],
      { PATH: process.env.PATH, DATABASE_URL: scratch.databaseUrl, REDIS_URL: scratch.redisUrl, REDIS_PREFIX: scratch.redisPrefix, SESSION_SECRET, BENCH_HEAD_FILE: headFile, BENCH_BARE_PREPARED: process.env.BENCH_BARE_PREPARED ?? '1' },
      '/healthz',
    );
    const fairHtml = await signedInPage(fair, cookies[0], 'Bench Reader 0');
    await signedInPage(fair, cookies[users.length - 1], `Bench Reader ${users.length - 1}`);
    const bare = await spawnChild(
      cleanup,
      'bare node:http, static bytes',
      ['--input-type=module', '-e', BASELINE_SERVER],
      { PATH: process.env.PATH, BENCH_HTML_FILE: htmlFile },
      '/healthz',
    );

    const results: Measured[] = [];
    const ratios: string[] = [];
    for (const workload of WORKLOADS) {
      const [baseline, souk, other] = await measureTogether(
        [
          { name: 'bare node:http, same work', child: fair, cookie: cookieSource(workload, cookies), db: scratch.db },
          { name: 'souk GET /notifications', child: web, cookie: cookieSource(workload, cookies), db: scratch.db },
          ...(compare ? [{ name: COMPARED, child: compare, cookie: cookieSource(workload, cookies), db: scratch.db }] : []),
        ],
        workload,
        '/notifications',
      );
      results.push(baseline, souk, ...(other ? [other] : []));
      if (other)
        ratios.push(
          `${workload}: ${COMPARED} / bare same work = ${(other.rps / baseline.rps).toFixed(2)}` +
            (other.cpuPerRequest && baseline.cpuPerRequest && souk.cpuPerRequest
              ? `, server CPU per request ${(other.cpuPerRequest / baseline.cpuPerRequest).toFixed(1)}× (souk's ÷ the other's: ${(souk.cpuPerRequest / other.cpuPerRequest).toFixed(3)})`
              : ''),
        );
      ratios.push(
        `${workload}: souk / bare same work = ${(souk.rps / baseline.rps).toFixed(2)} (target ≥ 0.50)` +
          (souk.cpuPerRequest && baseline.cpuPerRequest ? `, server CPU per request ${(souk.cpuPerRequest / baseline.cpuPerRequest).toFixed(1)}×` : ''),
      );
    }
    const [staticBytes] = await measureTogether([{ name: 'bare node:http, static bytes', child: bare, cookie: null, db: null }], 'hot', '/notifications');
    results.push(staticBytes);

    const row = (m: Measured) => [m.name, m.workload, m.rps.toFixed(0), m.p50.toFixed(1), m.p975.toFixed(1), m.p99.toFixed(1), m.requests, (m.bytes / 1024).toFixed(1), fmt(m.cpuPerRequest, 3), m.pgCpuPerRequest === null ? '—' : fmt(m.pgCpuPerRequest, 3), fmt(m.rss, 0)];
    console.log(
      `\nGET /notifications, signed in (${NOTIFICATIONS} notifications each, ${USERS} users, ${Buffer.byteLength(html)} B body; same-work baseline ${Buffer.byteLength(fairHtml)} B), ` +
        `${CONNECTIONS} connections, pipelining 1, ${SECONDS} s in ${ROUNDS} alternating rounds after ${WARMUP_SECONDS} s warm-up\n${machineLine()}\n`,
    );
    console.log(table(['server', 'workload', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', '200s', 'KiB/resp', 'server CPU ms/req', 'Postgres CPU ms/req', 'RSS MB'], results.map(row)));
    console.log(`\n${ratios.join('\n')}`);
    const hot = results.find((m) => m.workload === 'hot' && m.name.startsWith('souk'));
    if (hot) console.log(`souk / bare static bytes (hot): ${(hot.rps / staticBytes.rps).toFixed(3)}`);
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:pages failed: ${err instanceof Error ? err.stack ?? err.message : err}`);
    process.exit(1);
  },
);
