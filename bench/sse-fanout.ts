/**
 * SSE fan-out latency: 1,000 signed-in clients on two web processes (500 each,
 * same database and Redis prefix), messages published once through Redis with
 * LiveBus, publish → received measured for every client. Baseline in the same
 * run: two bare node:http SSE servers doing the same Redis → clients fan-out
 * with nothing else (no Express, no session, no authorization).
 *
 *   npm run bench:sse
 *   BENCH_CLIENTS=1000 BENCH_USERS=10 BENCH_ROUNDS=20 BENCH_SPACING_MS=200 npm run bench:sse
 *
 * Needs about 2 × BENCH_CLIENTS open files in this process and the servers
 * together (`ulimit -n` 4096 or more is comfortable).
 */
import { execSync } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../src/accounts/passwords.js';
import { LiveBus } from '../src/realtime/bus.js';
import { streams } from '../src/realtime/streams.js';
import { createRedis } from '../src/redis.js';
import { parseSseFrame } from '../tests/sse.js';
import { BARE_SSE_SERVER, Cleanup, cpuMs, createScratch, fmt, log, machineLine, percentile, rssMb, signIn, sleep, spawnChild, startWebChild, stopChild, table, within, type Child } from './lib.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const USERS = Number(process.env.BENCH_USERS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 200);
const OPEN_CONCURRENCY = 50;
const PROCESSES = 2;

const now = () => performance.timeOrigin + performance.now();

interface Sample {
  process: number;
  ms: number;
}

/** One SSE client: a raw HTTP request whose body is parsed frame by frame. */
class SseClient {
  private buf = '';
  private req: http.ClientRequest | null = null;
  readonly seen = new Set<string>();
  duplicates = 0;

  constructor(
    readonly processIndex: number,
    private readonly onMessage: (c: SseClient, event: string, data: string, at: number) => void,
  ) {}

  /** Resolves once the stream is open and its first frame (`retry:`) has arrived, i.e. the server has registered it. */
  open(port: number, path: string, cookie: string | undefined): Promise<void> {
    return within(
      10_000,
      `opening ${path}`,
      new Promise<void>((resolve, reject) => {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (cookie) headers.cookie = cookie;
        const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
            res.resume();
            reject(new Error(`GET ${path} answered ${res.statusCode} ${res.headers['content-type']}`));
            return;
          }
          res.setEncoding('utf8');
          let first = true;
          res.on('data', (chunk: string) => {
            const at = now();
            this.buf += chunk;
            let i: number;
            while ((i = this.buf.indexOf('\n\n')) >= 0) {
              const frame = this.buf.slice(0, i);
              this.buf = this.buf.slice(i + 2);
              this.frame(frame, at);
            }
            if (first) {
              first = false;
              resolve();
            }
          });
          res.on('error', () => {});
        });
        req.on('error', reject);
        this.req = req;
      }),
    );
  }

  private frame(frame: string, at: number): void {
    const parsed = parseSseFrame(frame);
    if (parsed) this.onMessage(this, parsed.event, parsed.data, at);
  }

  close(): void {
    this.req?.destroy();
  }
}

interface PhaseResult {
  name: string;
  expected: number;
  delivered: number;
  duplicates: number;
  samples: Sample[];
  connectMs: number;
  /** CPU time the servers spent from the first publish until delivery was complete, ms (all processes) */
  fanoutCpuMs: number | null;
  rss: { idle: (number | null)[]; connected: (number | null)[]; after: (number | null)[] };
}

/**
 * Opens CLIENTS connections spread evenly over the servers and users, publishes
 * ROUNDS rounds (one message per user stream, so every client gets one message
 * per round) and collects publish → received latencies.
 */
async function runPhase(
  name: string,
  servers: Child[],
  userIds: number[],
  cookies: Map<number, string> | null,
  bus: LiveBus,
): Promise<PhaseResult> {
  const samples: Sample[] = [];
  const clients: SseClient[] = [];
  const onMessage = (c: SseClient, event: string, data: string, at: number) => {
    if (event !== 'bench') return;
    const m = JSON.parse(data) as { run: string; seq: number; t: number };
    if (m.run !== name) return;
    const key = String(m.seq);
    if (c.seen.has(key)) {
      c.duplicates++;
      return;
    }
    c.seen.add(key);
    samples.push({ process: c.processIndex, ms: at - m.t });
  };

  const rssIdle = servers.map((s) => rssMb(s.pid));
  const plan: { server: number; user: number }[] = [];
  for (let i = 0; i < CLIENTS; i++) plan.push({ server: i % servers.length, user: userIds[Math.floor(i / servers.length) % userIds.length] });

  log(`${name}: opening ${CLIENTS} SSE connections on ${servers.length} processes`);
  const t0 = performance.now();
  let next = 0;
  const opener = async () => {
    while (next < plan.length) {
      const p = plan[next++];
      const c = new SseClient(p.server, onMessage);
      clients.push(c);
      await c.open(servers[p.server].port, `/events?streams=${encodeURIComponent(streams.user(p.user))}`, cookies?.get(p.user));
    }
  };
  try {
    await within(60_000, `${name}: opening connections`, Promise.all(Array.from({ length: OPEN_CONCURRENCY }, opener)));
    const connectMs = performance.now() - t0;
    await sleep(500);
    const rssConnected = servers.map((s) => rssMb(s.pid));

    const cpuBefore = servers.map((s) => cpuMs(s.pid));
    log(`${name}: publishing ${ROUNDS} rounds × ${userIds.length} streams, every ${SPACING_MS} ms`);
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await Promise.all(
        userIds.map((id) => bus.publish({ stream: streams.user(id), event: 'bench', data: JSON.stringify({ run: name, seq: round, t: now() }) })),
      );
      await sleep(Math.max(0, SPACING_MS - (performance.now() - started)));
    }
    const expected = CLIENTS * ROUNDS;
    const deadline = performance.now() + 5_000;
    while (samples.length < expected && performance.now() < deadline) await sleep(50);
    const rssAfter = servers.map((s) => rssMb(s.pid));
    const cpuAfter = servers.map((s) => cpuMs(s.pid));
    const fanoutCpuMs = [...cpuBefore, ...cpuAfter].some((v) => v === null)
      ? null
      : cpuAfter.reduce<number>((n, v, i) => n + v! - cpuBefore[i]!, 0);
    return {
      name,
      expected,
      delivered: samples.length,
      duplicates: clients.reduce((n, c) => n + c.duplicates, 0),
      samples,
      connectMs,
      fanoutCpuMs,
      rss: { idle: rssIdle, connected: rssConnected, after: rssAfter },
    };
  } finally {
    for (const c of clients) c.close();
    await sleep(300);
  }
}

function openFilesLimit(): number | null {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim()) || null;
  } catch {
    return null;
  }
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(180_000);
  try {
    const limit = openFilesLimit();
    if (limit !== null && limit < CLIENTS * 2 + 200) {
      throw new Error(`ulimit -n is ${limit}; ${CLIENTS} clients need about ${CLIENTS * 2 + 200}. Raise it (ulimit -n 4096) and run again.`);
    }
    const scratch = await createScratch(cleanup, 'sse');
    const publisher = createRedis(scratch.redisUrl);
    cleanup.add('disconnect publisher', () => publisher.disconnect());

    // users straight into the database, all with one password hash (argon2 once, not USERS times)
    const password = 'bench-password-1234';
    const hash = await hashPassword(password);
    const rows = await scratch.db('users')
      .insert(Array.from({ length: USERS }, (_, i) => ({ email: `bench-sse-${i}@example.test`, display_name: `Listener ${i}`, password_hash: hash })))
      .returning(['id', 'email']);
    const userIds = rows.map((r: { id: number }) => r.id);

    // baseline: bare servers on a channel of their own
    const bareChannel = `${scratch.redisPrefix}bare-live`;
    const bare: Child[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      bare.push(
        await spawnChild(
          cleanup,
          `bare sse ${i + 1}`,
          ['--input-type=module', '-e', BARE_SSE_SERVER],
          { PATH: process.env.PATH, REDIS_URL: scratch.redisUrl, CHANNEL: bareChannel },
          '/healthz',
        ),
      );
    }
    const bareBus = new LiveBus(publisher, `${scratch.redisPrefix}bare-`);
    const baseline = await runPhase('bare node:http SSE', bare, userIds, null, bareBus);
    for (const b of bare) await stopChild(b);

    // Souk: two real web processes on the same database and Redis prefix
    const webs: Child[] = [];
    for (let i = 0; i < PROCESSES; i++) webs.push(await startWebChild(cleanup, `web ${i + 1}`, scratch, { SSE_HEARTBEAT_SECONDS: '20' }));
    const cookies = new Map<number, string>();
    for (const [i, r] of rows.entries()) cookies.set(r.id, await signIn(webs[i % webs.length].baseUrl, r.email, password));
    const souk = await runPhase('souk /events', webs, userIds, cookies, new LiveBus(publisher, scratch.redisPrefix));

    const stats = (r: PhaseResult, proc?: number) => {
      const ms = r.samples.filter((s) => proc === undefined || s.process === proc).map((s) => s.ms).sort((a, b) => a - b);
      return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? NaN };
    };
    const rows2: (string | number)[][] = [];
    for (const r of [baseline, souk]) {
      const all = stats(r);
      rows2.push([r.name, 'both', `${r.delivered}/${r.expected}`, r.duplicates, fmt(all.p50), fmt(all.p95), fmt(all.p99), fmt(all.max), (r.connectMs / 1000).toFixed(1), r.fanoutCpuMs === null ? 'n/a' : fmt((r.fanoutCpuMs * 1000) / Math.max(1, r.delivered))]);
      for (let p = 0; p < PROCESSES; p++) {
        const s = stats(r, p);
        rows2.push(['', `process ${p + 1}`, s.n, '', fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), '', '']);
      }
    }
    const rssRows: (string | number)[][] = [];
    for (const r of [baseline, souk]) {
      for (let p = 0; p < PROCESSES; p++) {
        const idle = r.rss.idle[p];
        const conn = r.rss.connected[p];
        rssRows.push([r.name, `process ${p + 1}`, fmt(idle), fmt(conn), fmt(r.rss.after[p]), idle !== null && conn !== null ? fmt(conn - idle) : 'n/a']);
      }
    }
    console.log(
      `\nSSE fan-out: ${CLIENTS} clients (${CLIENTS / PROCESSES} per process, ${USERS} users × ${CLIENTS / USERS} connections, each on its own user:<id> stream), ` +
        `${ROUNDS} rounds × ${USERS} publishes every ${SPACING_MS} ms through Redis; latency = publish → frame parsed by the client, ms\n${machineLine()}\n`,
    );
    console.log(table(['server', 'where', 'delivered', 'dup', 'p50', 'p95', 'p99', 'max', 'connect s', 'server CPU µs/msg'], rows2));
    console.log('\nRSS of the server processes, MB\n');
    console.log(table(['server', 'where', 'idle', `${CLIENTS / PROCESSES} connected`, 'after fan-out', 'connections cost'], rssRows));
    const b = stats(baseline);
    const s = stats(souk);
    console.log(`\nratio souk / bare: p50 ${(s.p50 / b.p50).toFixed(2)}×, p99 ${(s.p99 / b.p99).toFixed(2)}×, max ${(s.max / b.max).toFixed(2)}×`);
    if (souk.delivered !== souk.expected) throw new Error(`souk delivered ${souk.delivered} of ${souk.expected} messages`);
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:sse failed: ${err instanceof Error ? err.stack ?? err.message : err}`);
    process.exit(1);
  },
);
