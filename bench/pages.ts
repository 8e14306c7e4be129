/**
 * An authenticated HTML page under load: GET /notifications for a signed-in
 * user on the real web process, next to a bare node:http server answering the
 * same bytes as a static string, both measured with the same autocannon settings.
 *
 *   npm run bench:pages
 *   BENCH_CONNECTIONS=32 BENCH_SECONDS=10 npm run bench:pages
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { hashPassword } from '../src/accounts/passwords.js';
import type { Db } from '../src/db.js';
import { Cleanup, cpuMs, createScratch, fmt, log, machineLine, rssMb, signIn, spawnChild, startWebChild, table, within, type Child } from './lib.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const NOTIFICATIONS = 20;

interface Measured {
  name: string;
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

/** Summed CPU time of the Postgres backends connected to `db`'s database (same machine). */
async function pgBackendsCpu(db: Db | null): Promise<number | null> {
  if (!db) return null;
  const { rows } = await db.raw<{ rows: { pid: number }[] }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  let total = 0;
  for (const { pid } of rows) {
    const ms = cpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

function cannon(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return within(
    (seconds + 10) * 1000,
    `autocannon ${url}`,
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url, connections: CONNECTIONS, pipelining: 1, duration: seconds, headers, timeout: 10 },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      instance.on('error', reject);
    }),
  );
}

/** Warms up, then measures; refuses a run where any answer was not a 200. */
async function measure(name: string, child: Child, pathname: string, headers: Record<string, string>, db: Db | null): Promise<Measured> {
  const url = `${child.baseUrl}${pathname}`;
  log(`${name}: warm-up ${WARMUP_SECONDS} s`);
  await cannon(url, headers, WARMUP_SECONDS);
  log(`${name}: ${SECONDS} s, ${CONNECTIONS} connections, pipelining 1`);
  const cpuBefore = cpuMs(child.pid);
  const pgBefore = await pgBackendsCpu(db);
  const r = await cannon(url, headers, SECONDS);
  const cpuAfter = cpuMs(child.pid);
  const pgAfter = await pgBackendsCpu(db);
  const codes = Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => `${code}×${(s as { count: number }).count}`).join(', ');
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
    throw new Error(`${name}: not every answer was a 200 (status codes: ${codes}; errors ${r.errors}; timeouts ${r.timeouts})`);
  }
  const other2xx = Object.keys(r.statusCodeStats ?? {}).filter((c) => c !== '200');
  if (other2xx.length) throw new Error(`${name}: answers other than 200: ${codes}`);
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p975: r.latency.p97_5,
    p99: r.latency.p99,
    bytes: r.throughput.total / Math.max(1, r['2xx']),
    requests: r['2xx'],
    rss: rssMb(child.pid),
    cpuPerRequest: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / Math.max(1, r['2xx']) : null,
    pgCpuPerRequest: pgBefore !== null && pgAfter !== null ? (pgAfter - pgBefore) / Math.max(1, r['2xx']) : null,
  };
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

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(150_000);
  try {
    const scratch = await createScratch(cleanup, 'pages');
    const password = 'bench-password-1234';
    const [user] = await scratch.db('users')
      .insert({ email: 'bench-pages@example.test', display_name: 'Bench Reader', password_hash: await hashPassword(password) })
      .returning(['id']);
    await scratch.db('notifications').insert(
      Array.from({ length: NOTIFICATIONS }, (_, i) => ({
        user_id: user.id,
        kind: 'seller.approved',
        title: `Your shop “Lamp corner ${i + 1}” is approved`,
        body: 'You can now sell on Souk.',
        link: '/seller-application',
        read_at: i % 3 === 0 ? new Date() : null,
      })),
    );

    const web = await startWebChild(cleanup, 'web', scratch);
    const cookie = await signIn(web.baseUrl, 'bench-pages@example.test', password);

    // the page must be the signed-in notifications page, not a redirect to /signin
    const check = await fetch(`${web.baseUrl}/notifications`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const html = await check.text();
    if (check.status !== 200 || !html.includes('Lamp corner 1') || !html.includes('Bench Reader')) {
      throw new Error(`GET /notifications answered ${check.status}${check.headers.get('location') ? ` → ${check.headers.get('location')}` : ''}, not the signed-in page`);
    }

    // the baseline answers exactly the bytes the real page answered
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'souk-bench-'));
    cleanup.add('remove temp dir', () => rmSync(tmp, { recursive: true, force: true }));
    const htmlFile = path.join(tmp, 'page.html');
    writeFileSync(htmlFile, html);
    const bare = await spawnChild(
      cleanup,
      'bare node:http',
      ['--input-type=module', '-e', BASELINE_SERVER],
      { PATH: process.env.PATH, BENCH_HTML_FILE: htmlFile },
      '/healthz',
    );

    const baseline = await measure('bare node:http', bare, '/notifications', {}, null);
    const souk = await measure('souk GET /notifications', web, '/notifications', { cookie }, scratch.db);

    const row = (m: Measured) => [m.name, m.rps.toFixed(0), m.p50.toFixed(1), m.p975.toFixed(1), m.p99.toFixed(1), m.requests, (m.bytes / 1024).toFixed(1), fmt(m.cpuPerRequest, 3), m.pgCpuPerRequest === null ? '—' : fmt(m.pgCpuPerRequest, 3), fmt(m.rss, 0)];
    console.log(
      `\nGET /notifications, signed in (${NOTIFICATIONS} notifications, ${Buffer.byteLength(html)} B body), ` +
        `${CONNECTIONS} connections, pipelining 1, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up\n${machineLine()}\n`,
    );
    console.log(table(['server', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', '200s', 'KiB/resp', 'server CPU ms/req', 'Postgres CPU ms/req', 'RSS MB'], [row(baseline), row(souk)]));
    console.log(
      `\nratio souk / bare: throughput ${(souk.rps / baseline.rps).toFixed(3)} (bare is ${(baseline.rps / souk.rps).toFixed(1)}× faster), ` +
        `p50 ${(souk.p50 / Math.max(baseline.p50, 0.001)).toFixed(1)}×, p99 ${(souk.p99 / Math.max(baseline.p99, 0.001)).toFixed(1)}×` +
        (souk.cpuPerRequest && baseline.cpuPerRequest ? `, server CPU per request ${(souk.cpuPerRequest / baseline.cpuPerRequest).toFixed(1)}×` : ''),
    );
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
