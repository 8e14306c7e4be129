/**
 * Live auctions under load, each figure beside a baseline from the same run:
 *
 * 1. Accepted bids per second on one hot auction through `placeBidOn` (the row
 *    locked, the rules applied, the bid, the state and its outbox events written
 *    in one statement), many bidders at once, each maximum above the asking
 *    price. Beside it the raw hot-row locked update at the same concurrency:
 *    `BEGIN; SELECT … FOR UPDATE; UPDATE …; COMMIT` on one row. The two
 *    alternate in BENCH_BID_ROUNDS rounds (default 4).
 * 2. Bid → rendered update on every watcher: BENCH_WATCHERS (default 5,000)
 *    visitors watch one auction's public stream (`auction:<id>`), spread over two
 *    real web processes. After each bid's commit the bid box is rendered and pushed
 *    through the live bus (`publishPartial`); the delay from the commit to each
 *    watcher parsing the pushed frame is measured, with the RSS of each web process.
 *    Beside it two bare node:http SSE servers fed by the same bus, pushing the same
 *    bytes to the same number of clients after the same bids.
 *
 *   npm run bench:auctions
 *   BENCH_SECONDS=10 BENCH_CONCURRENCY=16 BENCH_BIDDERS=200 npm run bench:auctions
 *   BENCH_WATCHERS=5000 BENCH_ROUNDS=20 BENCH_SPACING_MS=500 BENCH_PARTS=fanout npm run bench:auctions
 *   npm run build && BENCH_WEB=dist BENCH_PARTS=fanout npm run bench:auctions   # web processes from the build
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-worker" BENCH_PARTS=fanout npm run bench:auctions   # profile the web and worker processes
 *
 * The watchers live in BENCH_CLIENT_THREADS worker threads of this process (so
 * parsing 5,000 streams does not sit on the bidding loop). They need one open
 * file each here and one in a server: the npm script raises `ulimit -n`.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { placeBidOn } from '../src/auctions/bidding.js';
import { auctionOfListing, ensureAuction } from '../src/auctions/queries.js';
import type { AuctionSettings } from '../src/auctions/settings.js';
import { pushAuctionParts } from '../src/auctions/live.js';
import { createDb, type Db } from '../src/db.js';
import { isEntry } from '../src/infra/process.js';
import { MAX_MINOR } from '../src/lib/money.js';
import { LiveBus } from '../src/realtime/bus.js';
import { streams } from '../src/realtime/streams.js';
import { createRedis } from '../src/redis.js';
import { createCategoryRow, createListing, createSeller } from '../tests/factories.js';
import { auctionEvents } from '../views/auctions/live-parts.js';
import { BARE_SSE_SERVER, Cleanup, cpuMs, deployedArgs, root, SESSION_SECRET, createScratch, fmt, log, machineLine, percentile, rssMb, sleep, spawnChild, startWebChild, stopChild, table, within, type Child, type Scratch } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BIDDERS = Number(process.env.BENCH_BIDDERS ?? 200);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
/** rounds of the hot-auction part: bids and the raw update alternate (A B, B A, …) */
const BID_ROUNDS = Number(process.env.BENCH_BID_ROUNDS ?? 4);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 500);
const THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 4);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'bids,fanout').split(','));
const PROCESSES = 2;
/** BENCH_WEB=dist: the web processes run the build (`npm run build`) instead of the TypeScript through tsx */
const BUILT = process.env.BENCH_WEB === 'dist';
/**
 * How the parts reach the bus after a bid. `reaction` (the default): as in
 * production, the bid's `bid.placed` outbox row wakes the relay of a worker
 * process, whose live reaction renders the auction's public parts from the
 * database and publishes them. `bench`: the bidding process calls that same
 * reaction itself right after the commit (no relay in between).
 */
const PUSH = process.env.BENCH_PUSH === 'bench' ? 'bench' : 'reaction';
/** the event each watcher times: the one frame per bid (price part, history and end), which shows the bid count */
const EVENT = auctionEvents.update;

// The wallet guarantee is out of the way: every bench maximum is "covered" (the bench measures the row, not the ledger read).
const settings: AuctionSettings = { verifiedAbove: MAX_MINOR, paymentDays: 3, shipDays: 5, escrowDays: 7 };
/** Each maximum given is this much above the one given before it: more than the largest increment (100.00), so every bid in order is above the asking price. */
const STEP = 20_000;

async function auctionFixture(db: Db, bidders: number): Promise<{ listingIds: number[]; bidderIds: number[] }> {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db, { name: 'Bench lamps' });
  const listingIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const l = await createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'auction', title: `Bench auction ${i + 1}`, start_price: 1000, ends_at: new Date(Date.now() + 7 * 86_400_000) });
    await ensureAuction(db, l.id);
    listingIds.push(l.id);
  }
  const tag = Date.now().toString(36);
  const rows = await db('users')
    .insert(Array.from({ length: bidders }, (_, i) => ({ email: `bench-bidder-${i}-${tag}@bench.test`, display_name: `Bidder ${i}`, password_hash: 'x' })))
    .returning('id');
  return { listingIds, bidderIds: rows.map((r: { id: number }) => Number(r.id)) };
}

interface Loop {
  count: number;
  latencies: number[];
  elapsed: number;
}

async function loops(n: number, seconds: number, one: (worker: number, i: number) => Promise<boolean>): Promise<Loop> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const s = performance.now();
        if (await one(w, i)) latencies.push(performance.now() - s);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, latencies, elapsed: (performance.now() - t0) / 1000 };
}

/** Sums rounds of one path: answers, latencies and time. */
function merge(rounds: Loop[]): Loop {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return { count: rounds.reduce((n, r) => n + r.count, 0), latencies, elapsed: rounds.reduce((n, r) => n + r.elapsed, 0) };
}

/**
 * Part 1: accepted bids per second on one auction, beside the raw locked update of one row.
 * The two alternate in BENCH_BID_ROUNDS rounds (A B, B A, …) of SECONDS / rounds each, so
 * the load other work puts on the machine during the run weighs on both alike.
 */
async function hotAuction(s: Scratch): Promise<{ rows: string[][]; ratio: number; refused: number; checks: string }> {
  const f = await auctionFixture(s.db, BIDDERS);
  const listingId = f.listingIds[0];
  const db = createDb(s.databaseUrl, CONCURRENCY + 2);
  let given = 0;
  let refused = 0;
  const refusals = new Map<string, number>();
  // warm-up: plans, pool connections, the auction row
  for (let i = 0; i < 5; i++) await placeBidOn(db, { listingId, bidderId: f.bidderIds[i], kind: 'max', max: 2000 + ++given * STEP }, settings);
  let turn = 0;
  // latency: from a bidder's first attempt to its bid being taken
  const bidRound = (seconds: number) =>
    loops(CONCURRENCY, seconds, async (w) => {
      // bidder w, w + C, w + 2C, …: never two of one worker's bids from the same bidder in a row
      const bidderId = f.bidderIds[(w + turn++ * CONCURRENCY) % f.bidderIds.length];
      // Maxima are handed out in increasing order, but bids reach the row lock in a slightly different
      // order: one that finds two higher maxima already taken is below the asking price and refused.
      // The bidder then bids again above the asking price it was shown, as a person would.
      let max = 2000 + ++given * STEP;
      for (;;) {
        const r = await placeBidOn(db, { listingId, bidderId, kind: 'max', max }, settings);
        if (r.ok) return true;
        refused++;
        refusals.set(r.reason, (refusals.get(r.reason) ?? 0) + 1);
        if (r.reason !== 'too_low' || r.asking === null) return false;
        max = Math.max(r.asking + STEP, 2000 + ++given * STEP);
      }
    });

  // the raw baseline: one row, locked and updated, one transaction each
  await s.db.raw('create table bench_hot_row (id int primary key, price bigint not null, bid_count int not null, updated_at timestamptz not null)');
  await s.db.raw('insert into bench_hot_row values (1, 1000, 0, now())');
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: CONCURRENCY + 2 });
  const rawRound = (seconds: number) =>
    loops(CONCURRENCY, seconds, async () => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const { rows } = await c.query('select price, bid_count from bench_hot_row where id = 1 for update');
        await c.query('update bench_hot_row set price = $1, bid_count = $2, updated_at = now() where id = 1', [Number(rows[0].price) + STEP, rows[0].bid_count + 1]);
        await c.query('commit');
        return true;
      } catch (err) {
        await c.query('rollback');
        throw err;
      } finally {
        c.release();
      }
    });
  await rawRound(0.5);

  const bidRounds: Loop[] = [];
  const rawRounds: Loop[] = [];
  const each = SECONDS / BID_ROUNDS;
  for (let i = 0; i < BID_ROUNDS; i++) {
    if (i % 2 === 0) {
      bidRounds.push(await bidRound(each));
      rawRounds.push(await rawRound(each));
    } else {
      rawRounds.push(await rawRound(each));
      bidRounds.push(await bidRound(each));
    }
  }
  await pool.end();
  await db.destroy();
  const bids = merge(bidRounds);
  const raw = merge(rawRounds);

  // 0 lost, 0 duplicated: the row's count and sequence equal the accepted bids written
  const a = (await auctionOfListing(s.db, listingId))!;
  const accepted = await s.db('bids').where({ auction_id: a.id, status: 'accepted' }).count<{ n: string }[]>('* as n').first();
  const seqs = await s.db('bids').where({ auction_id: a.id, status: 'accepted' }).countDistinct<{ n: string }[]>('seq as n').first();
  const total = bids.count + 5;
  if (a.bid_count !== total || Number(accepted!.n) !== total || Number(seqs!.n) !== total || a.last_seq !== total) {
    throw new Error(`hot auction: ${total} accepted answers, bid_count ${a.bid_count}, ${accepted!.n} accepted rows, ${seqs!.n} distinct seq, last_seq ${a.last_seq}`);
  }
  const checks = `${total} accepted answers = bid_count ${a.bid_count} = ${accepted!.n} accepted bid rows = ${seqs!.n} distinct sequence numbers = last_seq ${a.last_seq}`;

  const rate = (m: Loop) => m.count / m.elapsed;
  const ratio = rate(bids) / rate(raw);
  const row = (name: string, m: Loop, extra: string) => [name, fmt(rate(m)), fmt(percentile(m.latencies, 50)), fmt(percentile(m.latencies, 95)), fmt(percentile(m.latencies, 99)), extra];
  const refusedText = refused ? `${refused} refused and given again (${[...refusals].map(([k, v]) => `${k} ${v}`).join(', ')}); ${fmt((bids.count + refused) / bids.elapsed)} bids handled/s` : '0 refused';
  return {
    rows: [
      row('placeBidOn, one auction', bids, refusedText),
      row('raw: BEGIN; SELECT … FOR UPDATE; UPDATE; COMMIT', raw, ''),
      ['ratio (placeBidOn / raw)', `${fmt(ratio * 100)} %`, '', '', '', ratio >= 0.5 ? 'target ≥ 50 %: met' : 'target ≥ 50 %: not met'],
    ],
    ratio,
    refused,
    checks,
  };
}

/**
 * Watcher threads: each opens its share of SSE connections (alternating servers),
 * parses every frame and records, per pushed bid box, the bid count it shows and
 * when it arrived (epoch ms, comparable across threads).
 */
const WATCHER_THREAD = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const now = () => performance.timeOrigin + performance.now();
let clients = [];
let samples = [];
let duplicates = 0;
let run = '';
let wanted = '';
let wantedLine = '';
function open(c, port, path) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('opening ' + path + ' took longer than 20 s')), 20000);
    const req = http.get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) { clearTimeout(timer); res.resume(); reject(new Error('GET ' + path + ' answered ' + res.statusCode)); return; }
      res.setEncoding('utf8');
      let buf = '';
      let first = true;
      res.on('data', (chunk) => {
        const at = now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\\n\\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          // the frame's event line and the bid count its price part shows, found in place rather than
          // by splitting the frame into lines: the watchers share the cores with what they measure
          if (!frame.startsWith(wantedLine) && frame.indexOf('\\n' + wantedLine) < 0) continue;
          const at1 = frame.indexOf(' data-bids="');
          if (at1 < 0) continue;
          const n = parseInt(frame.slice(at1 + 12, frame.indexOf('"', at1 + 12)), 10);
          if (!(n > 0)) continue;
          // a frame shows the auction as it is: one that is newer than the last shown
          // also delivers the bids between (the worker rendered them together)
          if (n <= c.max) { duplicates++; continue; }
          for (let k = c.max + 1; k <= n; k++) samples.push(c.server, k, at, k < n ? 1 : 0);
          c.max = n;
        }
        if (first) { first = false; clearTimeout(timer); resolve(); }
      });
      res.on('error', () => {});
    });
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    c.req = req;
  });
}
parentPort.on('message', async (msg) => {
  try {
    if (msg.cmd === 'open') {
      run = msg.run; wanted = msg.event; wantedLine = 'event: ' + msg.event + '\\n'; samples = []; duplicates = 0;
      const plan = [];
      for (let i = 0; i < msg.count; i++) plan.push(i % msg.ports.length);
      let next = 0;
      const opener = async () => {
        while (next < plan.length) {
          const server = plan[next++];
          const c = { server, max: 0, req: null };
          clients.push(c);
          await open(c, msg.ports[server], msg.path);
        }
      };
      await Promise.all(Array.from({ length: msg.concurrency }, opener));
      parentPort.postMessage({ ok: true, opened: clients.length });
    } else if (msg.cmd === 'collect') {
      parentPort.postMessage({ ok: true, samples, duplicates });
    } else if (msg.cmd === 'close') {
      for (const c of clients) c.req && c.req.destroy();
      clients = [];
      parentPort.postMessage({ ok: true });
    }
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
});
`;

class WatcherThread {
  private readonly worker = new Worker(WATCHER_THREAD, { eval: true });
  ask<T>(msg: Record<string, unknown>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: { ok: boolean; error?: string }) => (m.ok ? resolve(m as T) : reject(new Error(m.error))));
      this.worker.postMessage(msg);
    });
  }
  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

interface FanoutResult {
  name: string;
  expected: number;
  delivered: number;
  duplicates: number;
  /** bids a watcher first saw in the frame of a later bid (the two were rendered together) */
  coalesced: number;
  /** commit → received, ms, with the server that delivered it */
  samples: { server: number; ms: number }[];
  /** commit → publish returned (render + bus), ms, when the bidding process publishes */
  publishMs: number[];
  /** commit → the bid's frame seen on the bus, ms */
  busMs: number[];
  connectMs: number;
  fanoutCpuMs: number | null;
  rss: { idle: (number | null)[]; connected: (number | null)[]; after: (number | null)[] };
}

/**
 * Opens WATCHERS connections to `auction:<id>` over the servers, then places ROUNDS
 * bids (one every SPACING_MS) through placeBidOn; after each commit the bid box is
 * rendered and published, and every watcher's arrival is matched to the commit by
 * the bid count it shows.
 */
async function fanoutPhase(name: string, servers: Child[], db: Db, listingId: number, bidderIds: number[], bus: LiveBus | null, redisUrl: string, channel: string): Promise<FanoutResult> {
  // the auction's stream is named by its listing, as the auction page declares it
  const stream = streams.auction(listingId);
  const path = `/events?streams=${encodeURIComponent(stream)}`;
  const rssIdle = servers.map((c) => rssMb(c.pid));
  const threads = Array.from({ length: THREADS }, () => new WatcherThread());
  try {
    log(`${name}: opening ${WATCHERS} watcher connections on ${servers.length} processes (${THREADS} client threads)`);
    const t0 = performance.now();
    const per = Math.ceil(WATCHERS / THREADS);
    await within(
      120_000,
      `${name}: opening connections`,
      Promise.all(threads.map((t, i) => t.ask({ cmd: 'open', run: name, event: EVENT, ports: servers.map((c) => c.port), path, count: Math.min(per, WATCHERS - i * per), concurrency: 25 }))),
    );
    const connectMs = performance.now() - t0;
    await sleep(1000);
    const rssConnected = servers.map((c) => rssMb(c.pid));

    const commits = new Map<number, number>();
    // when each bid's frame appeared on the bus (this process's own subscription): splits commit → bus from bus → watcher
    const onBus = new Map<number, number>();
    const listener = createRedis(redisUrl);
    listener.on('message', (_ch: string, raw: string) => {
      const at = performance.timeOrigin + performance.now();
      const m = JSON.parse(raw) as { stream: string; event: string; data: string };
      const n = m.stream === stream && m.event === EVENT ? /data-bids="(\d+)"/.exec(m.data)?.[1] : undefined;
      if (n !== undefined && !onBus.has(Number(n))) onBus.set(Number(n), at);
    });
    await listener.subscribe(channel);
    const publishMs: number[] = [];
    const cpuBefore = servers.map((c) => cpuMs(c.pid));
    log(`${name}: ${ROUNDS} bids, one every ${SPACING_MS} ms`);
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const r = await placeBidOn(db, { listingId, bidderId: bidderIds[round % bidderIds.length], kind: 'max', max: 2000 + (round + 1) * STEP }, settings);
      const committed = performance.timeOrigin + performance.now();
      if (!r.ok) throw new Error(`${name}: bid ${round + 1} refused: ${r.message}`);
      commits.set(r.auction.bid_count, committed);
      if (bus) {
        // the live reaction of bid.placed, called here right after the commit: the parts rendered once from the committed state and published
        const payload = { listingId, leaderId: r.auction.leader_id, previousLeaderId: null };
        await pushAuctionParts('bid.placed', payload, { bus, db });
        publishMs.push(performance.timeOrigin + performance.now() - committed);
      }
      await sleep(Math.max(0, SPACING_MS - (performance.now() - started)));
    }
    const expected = WATCHERS * ROUNDS;
    let got: { samples: number[]; duplicates: number }[] = [];
    const deadline = performance.now() + 10_000;
    for (;;) {
      got = await Promise.all(threads.map((t) => t.ask<{ samples: number[]; duplicates: number }>({ cmd: 'collect' })));
      const n = got.reduce((k, g) => k + g.samples.length / 4, 0);
      if (n >= expected || performance.now() > deadline) break;
      await sleep(200);
    }
    listener.disconnect();
    const busMs = [...commits].filter(([n]) => onBus.has(n)).map(([n, at]) => onBus.get(n)! - at).sort((a, b) => a - b);
    const rssAfter = servers.map((c) => rssMb(c.pid));
    const cpuAfter = servers.map((c) => cpuMs(c.pid));
    const fanoutCpuMs = [...cpuBefore, ...cpuAfter].some((v) => v === null) ? null : cpuAfter.reduce<number>((n, v, i) => n + v! - cpuBefore[i]!, 0);
    const samples: { server: number; ms: number }[] = [];
    let coalesced = 0;
    for (const g of got) {
      for (let i = 0; i < g.samples.length; i += 4) {
        const at = commits.get(g.samples[i + 1]);
        if (at === undefined) continue;
        samples.push({ server: g.samples[i], ms: g.samples[i + 2] - at });
        coalesced += g.samples[i + 3];
      }
    }
    return {
      name,
      expected,
      delivered: samples.length,
      duplicates: got.reduce((n, g) => n + g.duplicates, 0),
      coalesced,
      samples,
      publishMs: publishMs.sort((a, b) => a - b),
      busMs,
      connectMs,
      fanoutCpuMs,
      rss: { idle: rssIdle, connected: rssConnected, after: rssAfter },
    };
  } finally {
    await Promise.all(threads.map((t) => t.ask({ cmd: 'close' }).catch(() => {})));
    await Promise.all(threads.map((t) => t.stop()));
    await sleep(500);
  }
}

/**
 * The node arguments of a process as deployed: the `web` or `worker` script of
 * package.json (what the Dockerfile and `npm run web` run), without its `node`.
 */
/**
 * The web process as deployed (`npm run build`, then `npm run web`), without
 * tsx compiling TypeScript inside it: what its memory is without the compiler's.
 */
function startBuiltWebChild(cleanup: Cleanup, name: string, s: Scratch): Promise<Child> {
  if (!existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('BENCH_WEB=dist needs a build: npm run build');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: s.redisPrefix,
    SESSION_SECRET,
    LOG_LEVEL: 'silent',
    RATE_GENERAL_PER_MINUTE: '100000000',
    PAYMENTS_LOCAL_IN_PRODUCTION: 'yes',
    SSE_HEARTBEAT_SECONDS: '20',
  };
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the web processes
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawnChild(cleanup, name, [...nodeArgs, ...deployedArgs('web')], env, '/readyz');
}

/** A worker process (`jobs/worker.ts`): the outbox relay and the live reactions. Ready once it has said so. */
async function startWorkerChild(cleanup: Cleanup, s: Scratch): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: s.redisPrefix,
    SESSION_SECRET,
    LOG_LEVEL: 'info',
    PAYMENTS_LOCAL_IN_PRODUCTION: 'yes',
  };
  const args = [...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(BUILT ? deployedArgs('worker') : ['--import', 'tsx', 'jobs/worker.ts'])];
  const proc = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let ready = false;
  const take = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    if (tail.includes('worker started')) ready = true;
  };
  proc.stdout!.on('data', take);
  proc.stderr!.on('data', take);
  const child: Child = { name: 'worker', pid: proc.pid!, port: 0, baseUrl: '', proc, stderr: () => tail };
  cleanup.add('stop worker', () => stopChild(child));
  const deadline = performance.now() + 30_000;
  while (!ready) {
    if (proc.exitCode !== null) throw new Error(`worker exited with code ${proc.exitCode}:\n${tail}`);
    if (performance.now() > deadline) throw new Error(`worker did not start within 30 s:\n${tail}`);
    await sleep(100);
  }
  return child;
}

/** Waits until the relay has published every outbox event written so far. */
async function settleOutbox(db: Db): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const left = await db('outbox').whereNull('published_at').count<{ n: string }[]>('* as n').first();
    if (Number(left!.n) === 0) return;
    if (performance.now() > deadline) throw new Error(`the worker left ${left!.n} outbox events unpublished`);
    await sleep(200);
  }
}

function openFilesLimit(): number | null {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim()) || null;
  } catch {
    return null;
  }
}

async function fanout(cleanup: Cleanup, s: Scratch): Promise<{ text: string; p95: number; rssMax: number; delivered: boolean }> {
  const limit = openFilesLimit();
  if (limit !== null && limit < WATCHERS * 2 + 500) throw new Error(`ulimit -n is ${limit}; ${WATCHERS} watchers need about ${WATCHERS * 2 + 500}. Run it through npm run bench:auctions (which raises it) or raise it yourself.`);
  const f = await auctionFixture(s.db, 20);
  const db = createDb(s.databaseUrl, 4);
  cleanup.add('close fan-out pool', () => db.destroy());
  const publisher = createRedis(s.redisUrl);
  cleanup.add('disconnect publisher', () => publisher.disconnect());

  const bareChannel = `${s.redisPrefix}bare-live`;
  const bare: Child[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    bare.push(await spawnChild(cleanup, `bare sse ${i + 1}`, ['--input-type=module', '-e', BARE_SSE_SERVER], { PATH: process.env.PATH, REDIS_URL: s.redisUrl, CHANNEL: bareChannel }, '/healthz'));
  }
  const baseline = await fanoutPhase('bare node:http SSE', bare, db, f.listingIds[1], f.bidderIds, new LiveBus(publisher, `${s.redisPrefix}bare-`), s.redisUrl, `${s.redisPrefix}bare-live`);
  for (const b of bare) await stopChild(b);

  const webs: Child[] = [];
  for (let i = 0; i < PROCESSES; i++) webs.push(BUILT ? await startBuiltWebChild(cleanup, `web ${i + 1} (dist)`, s) : await startWebChild(cleanup, `web ${i + 1}`, s, { SSE_HEARTBEAT_SECONDS: '20' }));
  let worker: Child | null = null;
  if (PUSH === 'reaction') {
    // the earlier parts' events have no one to reach: the worker starts from the fan-out's bids
    await s.db('outbox').whereNull('published_at').update({ published_at: s.db.fn.now() });
    worker = await startWorkerChild(cleanup, s);
    // the relay has caught up with the fixtures' events before the watchers connect
    await settleOutbox(s.db);
  }
  const label = `souk /events (sse-channel)${BUILT ? ', dist' : ''}${PUSH === 'reaction' ? ', pushed by the worker' : ''}`;
  const workerCpu0 = worker ? cpuMs(worker.pid) : null;
  const souk = await fanoutPhase(label, webs, db, f.listingIds[2], f.bidderIds, PUSH === 'reaction' ? null : new LiveBus(publisher, s.redisPrefix), s.redisUrl, `${s.redisPrefix}live`);
  const workerCpu = worker && workerCpu0 !== null ? (cpuMs(worker.pid) ?? workerCpu0) - workerCpu0 : null;
  if (worker) await stopChild(worker);

  const stats = (r: FanoutResult, server?: number) => {
    const ms = r.samples.filter((x) => server === undefined || x.server === server).map((x) => x.ms).sort((a, b) => a - b);
    return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? NaN };
  };
  const lat: (string | number)[][] = [];
  for (const r of [baseline, souk]) {
    const all = stats(r);
    const cpu = r.fanoutCpuMs === null ? 'n/a' : fmt((r.fanoutCpuMs * 1000) / Math.max(1, r.delivered));
    lat.push([r.name, 'both', `${r.delivered}/${r.expected}`, r.duplicates, r.coalesced, fmt(all.p50), fmt(all.p95), fmt(all.p99), fmt(all.max), `${fmt(percentile(r.busMs, 50))} / ${fmt(percentile(r.busMs, 95))}`, (r.connectMs / 1000).toFixed(1), cpu]);
    for (let p = 0; p < PROCESSES; p++) {
      const x = stats(r, p);
      lat.push(['', `process ${p + 1}`, x.n, '', '', fmt(x.p50), fmt(x.p95), fmt(x.p99), fmt(x.max), '', '', '']);
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
  const b = stats(baseline);
  const k = stats(souk);
  const rssMax = Math.max(...souk.rss.connected.concat(souk.rss.after).map((v) => v ?? 0));
  const text = [
    `\n## Bid → rendered bid box on ${WATCHERS} watchers of one auction (${WATCHERS / PROCESSES} per process), ${ROUNDS} bids every ${SPACING_MS} ms; latency = bid committed → ${EVENT} frame parsed by the watcher, ms. Bare servers: the bid.placed live reaction called by the bidding process after the commit; Souk: ${PUSH === 'reaction' ? 'the same reaction run by a worker process from the outbox (relay woken by NOTIFY)' : 'the same, called by the bidding process'}\n`,
    table(['server', 'where', 'delivered', 'dup', 'in a later frame', 'p50', 'p95', 'p99', 'max', 'commit → on the bus p50 / p95', 'connect s', 'server CPU µs/msg'], lat),
    '\nRSS of the server processes, MB\n',
    table(['server', 'where', 'idle', `${WATCHERS / PROCESSES} connected`, 'after the bids', 'connections cost'], rssRows),
    `\nratio souk / bare: p50 ${(k.p50 / b.p50).toFixed(2)}×, p95 ${(k.p95 / b.p95).toFixed(2)}×, p99 ${(k.p99 / b.p99).toFixed(2)}×`,
    workerCpu === null ? '' : `worker process CPU while Souk's watchers connected and the bids ran: ${fmt(workerCpu)} ms`,
    `p95 ${fmt(k.p95)} ms: target ≤ 100 ms ${k.p95 <= 100 ? 'met' : 'not met'}; RSS per web process at most ${fmt(rssMax)} MB: target ≤ 250 MB ${rssMax <= 250 ? 'met' : 'not met'}`,
  ].join('\n');
  return { text, p95: k.p95, rssMax, delivered: souk.delivered === souk.expected && baseline.delivered === baseline.expected };
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(600_000);
  let failed = false;
  try {
    log(machineLine());
    console.log(`bench:auctions — ${machineLine()}`);
    const s = await createScratch(cleanup, 'auctions');
    if (PARTS.has('bids')) {
      log(`bidding on one auction and the raw locked update, ${BID_ROUNDS} alternating rounds of ${SECONDS / BID_ROUNDS} s each, at concurrency ${CONCURRENCY} (${BIDDERS} bidders)`);
      const h = await hotAuction(s);
      console.log(`\n## Accepted bids per second on one hot auction (concurrency ${CONCURRENCY}, ${BIDDERS} bidders, ${SECONDS} s each in ${BID_ROUNDS} alternating rounds)\n`);
      console.log(table(['path', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', ''], h.rows));
      console.log(`\nchecked after the run: ${h.checks}`);
      console.log(`load average after this part: ${machineLine()}`);
    }
    if (PARTS.has('fanout')) {
      const r = await fanout(cleanup, s);
      console.log(r.text);
      if (!r.delivered) failed = true;
    }
    console.log(`\n${machineLine()}`);
  } finally {
    await cleanup.run();
  }
  if (failed) throw new Error('some watchers did not receive every bid');
}

if (isEntry(/[\\/]bench[\\/]auctions\.ts$/)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`bench:auctions failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
      process.exit(1);
    },
  );
}
