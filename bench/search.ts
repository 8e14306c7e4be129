/**
 * Search under load: 100,000 listings, the HTML search page with a text query,
 * two filters and facet counts, next to the same SQL run straight against
 * Postgres through a pg pool, both at the same concurrency for the same time.
 * Beside the measured page (search cache on, as deployed) it measures the same
 * page with the cache off, and a cold run where every request is a different
 * search, so what a cache miss costs stays visible.
 *
 *   npm run bench:search
 *   BENCH_CONNECTIONS=64 BENCH_SECONDS=10 BENCH_LISTINGS=100000 npm run bench:search
 *   BENCH_WEB_PROCESSES=2 npm run bench:search   # spread the connections over two web processes
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import pg from 'pg';
import { isEntry } from '../src/infra/process.js';
import { clock } from '../src/lib/clock.js';
import { PAGE_SIZE } from '../src/search/params.js';
import { CATALOG_SNAPSHOT_SQL, searchStatement } from '../src/search/queries.js';
import { prepareSearch } from '../src/search/search.js';
import { Cleanup, cpuMs, createScratch, fmt, Jar, log, machineLine, percentile, startWebChild, table, within, type Child } from './lib.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const WARMUP_SECONDS = 2;
/** web processes serving the page (production runs several; the connections are spread evenly) */
const PROCESSES = Number(process.env.BENCH_WEB_PROCESSES ?? 1);
/** a text query, two filters (price ceiling, condition) and the category's three facets */
const QUERY = { q: 'lamp', category: 'lighting', max: '150', condition: 'used' };

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  /** CPU of the web process(es) per answered request */
  cpuPerRequest: number | null;
  /** CPU of this process (autocannon or the pg loops) per request */
  clientCpuPerRequest: number | null;
  /** CPU of the Postgres backends serving the bench database per request */
  postgresCpuPerRequest: number | null;
  /** search cache lookups during the run (from /metrics) */
  cache?: { hit: number; miss: number };
}

/** Categories (4 roots × 4 children; Lighting has three filterable attributes) and listings, generated in SQL. */
export async function seed(db: Knex): Promise<void> {
  await db.raw(`
    insert into users (email, display_name, password_hash)
    select 'seller' || g || '@bench.test', 'Seller ' || g, 'not-a-real-hash' from generate_series(1, 200) g;
    insert into categories (name, slug, position)
    values ('Lighting', 'lighting', 0), ('Furniture', 'furniture', 1), ('Garden', 'garden', 2), ('Electronics', 'electronics', 3);
    insert into categories (name, slug, parent_id, position)
    select p.name || ' ' || c, p.slug || '-' || c, p.id, c from categories p, generate_series(1, 4) c where p.parent_id is null;
    insert into category_attributes (category_id, key, label, type, unit, options, required, filterable, position)
    select id, 'colour', 'Colour', 'enum', null, '["Red","Blue","Green","Black","White","Brass"]'::jsonb, false, true, 0 from categories where slug = 'lighting'
    union all select id, 'dimmable', 'Dimmable', 'boolean', null, null, false, true, 1 from categories where slug = 'lighting'
    union all select id, 'watts', 'Power', 'number', 'W', null, false, true, 2 from categories where slug = 'lighting';
  `);
  await db.raw(`select setseed(0.42)`);
  await db.raw(
    `
    with v as (
      select g,
        (select array_agg(id order by id) from users) as sellers,
        (select array_agg(id order by id) from categories where parent_id is not null) as leaves,
        (select array_agg(c.id) from categories c join categories p on p.id = c.parent_id where p.slug = 'lighting') as lighting,
        array['vintage','modern','brass','oak','handmade','rustic','retro','minimal','industrial','antique','walnut','ceramic'] as adj,
        array['lamp','chair','table','sofa','vase','clock','radio','mirror','rug','shelf','desk','bench','kettle','camera','speaker','bicycle','guitar','jacket','boots','plant'] as noun,
        array['Lisbon','Porto','Faro','Braga','Coimbra','Aveiro','Evora','Setubal'] as city,
        array[38.72,41.15,37.02,41.55,40.21,40.64,38.57,38.52] as lat,
        array[-9.14,-8.63,-7.93,-8.42,-8.43,-8.65,-7.91,-8.89] as lng,
        array['Red','Blue','Green','Black','White','Brass'] as colour,
        random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
      from generate_series(1, ?) g
    ), k as (
      select v.*, leaves[1 + (g * 7) % array_length(leaves, 1)] as category_id,
        case when r1 < 0.70 then 'fixed' when r1 < 0.80 then 'classified' when r1 < 0.90 then 'auction' when r1 < 0.95 then 'service' else 'digital' end as kind,
        1 + floor(r2 * 8)::int as ci
      from v
    )
    insert into listings (seller_id, category_id, kind, status, title, slug, description, condition, city, lat, lng, price, price_unit, stock,
                          start_price, starts_at, ends_at, attributes, submitted_at, published_at, expires_at, promoted_until, promoted_weight)
    select sellers[1 + g % array_length(sellers, 1)], category_id, kind,
      case when r6 < 0.95 then 'active' when r6 < 0.98 then 'pending' else 'draft' end,
      initcap(adj[1 + floor(r3 * 12)::int]) || ' ' || noun[1 + floor(r4 * 20)::int] || ' no. ' || g,
      'listing-' || g,
      'A ' || adj[1 + (g % 12)] || ' ' || noun[1 + (g % 20)] || ' in good shape, collected from ' || city[ci] || '. Careful packing, honest photos.',
      case when kind in ('service', 'digital') then null else (array['new','used','refurbished'])[1 + g % 3] end,
      city[ci], lat[ci] + (r5 - 0.5) * 0.2, lng[ci] + (r2 - 0.5) * 0.2,
      case when kind = 'auction' then null else 500 + floor(r5 * 49500)::bigint end,
      case when kind = 'service' then 'hour' end,
      case when kind = 'fixed' then 1 + g % 10 end,
      case when kind = 'auction' then 500 + floor(r5 * 49500)::bigint end,
      case when kind = 'auction' then now() - interval '1 day' end,
      case when kind = 'auction' then now() + interval '6 days' end,
      case when category_id = any(lighting)
        then jsonb_build_object('colour', colour[1 + g % 6], 'dimmable', r3 < 0.5, 'watts', 20 + (g % 10) * 10)
        else '{}'::jsonb end,
      now() - interval '31 days',
      now() - (r4 * interval '30 days'),
      now() + interval '30 days',
      case when r1 > 0.99 then now() + interval '7 days' end,
      case when r1 > 0.99 then 1 + g % 3 else 0 end
    from k`,
    [LISTINGS],
  );
  await db.raw('analyze');
}

interface Load {
  urls: string[];
  headers: Record<string, string>;
  /** a different path for every request (the cold run) */
  nextPath?: () => string;
}

/** Runs autocannon; `latencies` collects every response time (autocannon's own summary has no p95). */
function cannon(load: Load, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  const opts: autocannon.Options = {
    // autocannon spreads the connections over several URLs (its types only know one)
    url: (load.urls.length === 1 ? load.urls[0] : load.urls) as unknown as string,
    headers: load.headers,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
  };
  if (load.nextPath) {
    const nextPath = load.nextPath;
    opts.requests = [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }) } as autocannon.Request];
  }
  return within(
    (seconds + 15) * 1000,
    `autocannon ${load.urls[0]}`,
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
      instance.on('error', reject);
      if (latencies) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
    }),
  );
}

/** CPU time so far of each Postgres backend serving the bench database (Linux; Postgres on this machine). */
async function backendCpu(db: Knex): Promise<Map<number, number | null>> {
  const { rows } = await db.raw<{ rows: { pid: number }[] }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/** CPU the backends used between two readings (those present at both; pools keep theirs open under load). */
function backendCpuUsed(before: Map<number, number | null>, after: Map<number, number | null>): number | null {
  let total = 0;
  for (const [pid, a] of after) {
    const b = before.get(pid);
    if (a === null || b === null) return null;
    if (b !== undefined) total += a - b;
  }
  return total;
}

/** This process's CPU time so far, ms. */
const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The search cache counters of one web process. */
async function cacheCounts(child: Child): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${child.baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const count = (result: string) => Number(new RegExp(`^souk_search_cache_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

async function measurePage(db: Knex, name: string, children: Child[], load: Load): Promise<Measured> {
  log(`${name}: warm-up ${WARMUP_SECONDS} s`);
  await cannon(load, WARMUP_SECONDS);
  log(`${name}: ${SECONDS} s, ${CONNECTIONS} connections`);
  const counted = await Promise.all(children.map(cacheCounts));
  const pgBefore = await backendCpu(db);
  const before = children.map((c) => cpuMs(c.pid));
  const clientBefore = selfCpuMs();
  const latencies: number[] = [];
  const r = await cannon(load, SECONDS, latencies);
  const clientAfter = selfCpuMs();
  const after = children.map((c) => cpuMs(c.pid));
  const pgUsed = backendCpuUsed(pgBefore, await backendCpu(db));
  const counts = await Promise.all(children.map(cacheCounts));
  latencies.sort((a, b) => a - b);
  // a wrong answer fails the run; a timeout on an overloaded machine is reported, not hidden
  if (r.non2xx > 0 || r['2xx'] === 0) throw new Error(`${name}: not every answer was a 200 (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  if (r.errors > 0 || r.timeouts > 0) log(`${name}: ${r.errors} errors, ${r.timeouts} timeouts (30 s)`);
  const cpu = before.every((b) => b !== null) && after.every((a) => a !== null) ? after.reduce((t, a, i) => t + a! - before[i]!, 0) : null;
  return {
    name,
    rps: r['2xx'] / SECONDS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: r['2xx'],
    cpuPerRequest: cpu === null ? null : cpu / r['2xx'],
    clientCpuPerRequest: (clientAfter - clientBefore) / r['2xx'],
    postgresCpuPerRequest: pgUsed === null ? null : pgUsed / r['2xx'],
    cache: {
      hit: counts.reduce((t, c, i) => t + c.hit - counted[i].hit, 0),
      miss: counts.reduce((t, c, i) => t + c.miss - counted[i].miss, 0),
    },
  };
}

/** The page's SQL (catalog snapshot + the search statement), `CONNECTIONS` loops on a pg pool. */
async function measureSql(db: Knex, databaseUrl: string, statements: { text: string; values: unknown[] }[]): Promise<Measured> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  try {
    const run = async (seconds: number, record: number[] | null) => {
      const end = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (performance.now() < end) {
            const t0 = performance.now();
            for (const s of statements) await pool.query(s.text, s.values);
            record?.push(performance.now() - t0);
          }
        }),
      );
    };
    log(`raw SQL: warm-up ${WARMUP_SECONDS} s`);
    await run(WARMUP_SECONDS, null);
    log(`raw SQL: ${SECONDS} s, ${CONNECTIONS} concurrent`);
    const latencies: number[] = [];
    const pgBefore = await backendCpu(db);
    const clientBefore = selfCpuMs();
    await run(SECONDS, latencies);
    const clientCpu = selfCpuMs() - clientBefore;
    const pgUsed = backendCpuUsed(pgBefore, await backendCpu(db));
    latencies.sort((a, b) => a - b);
    return {
      name: 'same SQL via pg pool',
      rps: latencies.length / SECONDS,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      requests: latencies.length,
      cpuPerRequest: null,
      clientCpuPerRequest: clientCpu / latencies.length,
      postgresCpuPerRequest: pgUsed === null ? null : pgUsed / latencies.length,
    };
  } finally {
    await pool.end();
  }
}

/** knex's `?` placeholders as pg's `$n` (the search SQL has no other question marks). */
function positional(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(600_000);
  try {
    const scratch = await createScratch(cleanup, 'search');
    log(`seeding ${LISTINGS} listings`);
    const t0 = performance.now();
    await seed(scratch.db);
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const qs = new URLSearchParams(QUERY).toString();
    const prepared = await prepareSearch(scratch.db, QUERY);
    const statement = searchStatement({
      params: prepared.params,
      sort: prepared.sort,
      cursor: null,
      now: clock.now(),
      categoryIds: prepared.scope?.subtree ?? null,
      facets: prepared.facets,
      limit: PAGE_SIZE,
    });
    const statements = [
      { text: CATALOG_SNAPSHOT_SQL, values: [] },
      { text: positional(statement.text), values: [...statement.values] },
    ];
    const [{ total }] = (await scratch.db.raw<{ rows: { total: number }[] }>(statement.text, statement.values as never[])).rows;
    const explain = (await scratch.db.raw<{ rows: Record<string, string>[] }>(`explain (analyze, buffers off) ${statement.text}`, statement.values as never[])).rows;
    log(`the search matches ${total} listings; ${explain.slice(-2).map((r) => Object.values(r)[0]).join('; ')}`);

    // the web processes as deployed (search cache on, its defaults) and one with the cache off
    const webs: Child[] = [];
    for (let i = 0; i < PROCESSES; i++) webs.push(await startWebChild(cleanup, `web ${i + 1}`, scratch, { DATABASE_POOL_MAX: process.env.BENCH_POOL ?? '16' }));
    const uncached = await startWebChild(cleanup, 'web, cache off', scratch, { DATABASE_POOL_MAX: process.env.BENCH_POOL ?? '16', SEARCH_CACHE_SECONDS: '0' });
    const check = await fetch(`${webs[0].baseUrl}/search?${qs}`, { signal: AbortSignal.timeout(10_000) });
    const html = await check.text();
    // load comes from a returning visitor: the cookies the first answer set are sent back, as a browser would
    const jar = new Jar();
    jar.take(check);
    const headers = { cookie: jar.header() };
    if (check.status !== 200 || !html.includes('id="search-facets"') || !html.includes('listings found')) throw new Error(`GET /search answered ${check.status} without results and facets`);
    const same = await (await fetch(`${uncached.baseUrl}/search?${qs}`, { headers, signal: AbortSignal.timeout(10_000) })).text();
    const results = (h: string) => /<section id="search-results"[\s\S]*<\/section>/.exec(h)?.[0];
    if (!results(html) || results(html) !== results(same)) throw new Error('the cached and the uncached web process answer the search differently');
    log(`the visitor's cookies: ${[...jar.cookies.keys()].join(', ') || 'none'}`);

    const sqlRun = await measureSql(scratch.db, scratch.databaseUrl, statements);
    const pathname = `/search?${qs}`;
    const page = await measurePage(scratch.db, `Souk GET /search (HTML), cache on${PROCESSES > 1 ? `, ${PROCESSES} web processes` : ''}`, webs, {
      urls: webs.map((w) => `${w.baseUrl}${pathname}`),
      headers,
    });
    // every request a search nobody made before: the price ceiling moves by a cent each time
    let cents = 15_000;
    const cold = await measurePage(scratch.db, `same, every request a different search`, webs, {
      urls: webs.map((w) => `${w.baseUrl}${pathname}`),
      headers,
      nextPath: () => `/search?${new URLSearchParams({ ...QUERY, max: ((cents++ + 1) / 100).toFixed(2) })}`,
    });
    const off = await measurePage(scratch.db, 'Souk GET /search (HTML), cache off', [uncached], { urls: [`${uncached.baseUrl}${pathname}`], headers });

    const row = (m: Measured) => [
      m.name,
      m.rps.toFixed(0),
      m.p50.toFixed(1),
      m.p95.toFixed(1),
      m.p99.toFixed(1),
      m.requests,
      fmt(m.cpuPerRequest, 2),
      fmt(m.clientCpuPerRequest, 2),
      fmt(m.postgresCpuPerRequest, 2),
      m.cache ? (m.cache.hit + m.cache.miss > 0 ? `${((100 * m.cache.hit) / (m.cache.hit + m.cache.miss)).toFixed(1)} % of ${m.cache.hit + m.cache.miss}` : '—') : 'n/a',
    ];
    console.log(
      `\nGET /search?${qs} — ${LISTINGS.toLocaleString('en-GB')} listings, ${total} matching, ${CONNECTIONS} concurrent, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ` +
        `${PROCESSES} web process${PROCESSES > 1 ? 'es' : ''} (+1 with the cache off)\n${machineLine()}\n`,
    );
    console.log(
      table(['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'web CPU ms/req', 'client CPU ms/req', 'Postgres CPU ms/req', 'cache hits'], [row(sqlRun), row(page), row(cold), row(off)]),
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `\ncache on:  page / raw SQL throughput ${(page.rps / sqlRun.rps).toFixed(2)} (target ≥ 0.5: ${verdict(page.rps >= 0.5 * sqlRun.rps)}); ` +
        `page p95 ${page.p95.toFixed(1)} ms (target < 25 ms: ${verdict(page.p95 < 25)})` +
        (page.p95 >= 25 ? `; at ${CONNECTIONS} concurrent a p95 under 25 ms needs more than ${Math.round(CONNECTIONS / 0.025)} req/s (Little's law)` : ''),
    );
    console.log(`cold:      page / raw SQL throughput ${(cold.rps / sqlRun.rps).toFixed(2)}, p95 ${cold.p95.toFixed(1)} ms (every request a cache miss: one more round trip than the raw SQL)`);
    console.log(`cache off: page / raw SQL throughput ${(off.rps / sqlRun.rps).toFixed(2)}, p95 ${off.p95.toFixed(1)} ms`);
  } finally {
    await cleanup.run();
  }
}

if (isEntry(/[\\/]bench[\\/]search\.(ts|js)$/)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`bench:search failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
      process.exit(1);
    },
  );
}
