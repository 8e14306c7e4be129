/**
 * Buying under load, three figures each beside a baseline from the same run:
 *
 * 1. Orders placed per second with 2-seller carts paid from the wallet
 *    (placeOrder: lines frozen, commission, stock reserved and sold per SKU,
 *    two escrow holds, timeline, outbox), beside the same reservation and
 *    ledger statements sent as raw SQL in one transaction per order.
 *    The same 2-seller checkout through HTTP, as a buyer's browser does it
 *    without scripts: GET /checkout (cart, address, payment choice, one-time
 *    key) then POST /orders, signed in, with CSRF, on a web process.
 * 2. The last-unit race: 100 buyers at once for one unit, five rounds, with the
 *    latency each buyer saw (one wins, 99 are told at once).
 * 3. The search page's p95 while checkouts run at a steady rate in the
 *    background on listings that search shows (every sale changes stock),
 *    beside the same page with no writes.
 *
 *   npm run bench:orders
 *   BENCH_SECONDS=10 BENCH_CONCURRENCY=8 BENCH_CHECKOUTS_PER_SECOND=20 npm run bench:orders
 *   BENCH_PARTS=search npm run bench:orders        # some of: orders, http, race, search
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/accounts/passwords.js';
import { createDb } from '../src/db.js';
import { isEntry } from '../src/infra/process.js';
import { transfer } from '../src/ledger/ledger.js';
import { placeOrder } from '../src/orders/placement.js';
import { seed as seedSearch } from './search.js';
import { Cleanup, createScratch, fmt, log, machineLine, Jar, percentile, signIn, startWebChild, table, type Scratch } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE = Number(process.env.BENCH_CHECKOUTS_PER_SECOND ?? 20);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'orders,http,race,search').split(','));
const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };
const address = { name: 'Bench Buyer', line1: 'Rua 1', line2: '', postal_code: '1000-001', city: 'Lisboa', country: 'PT', phone: '' };

interface Fixture {
  buyers: number[];
  /** per seller, listing ids with plenty of stock and their price */
  shelves: { id: number; price: number }[][];
}

async function fixture(s: Scratch, buyers: number, perSeller: number): Promise<Fixture> {
  const db = s.db;
  await db.raw(`insert into categories (name, slug) values ('Bench', 'bench') on conflict do nothing`);
  const [cat] = await db('categories').where({ slug: 'bench' }).select('id');
  const shelves: { id: number; price: number }[][] = [];
  for (const n of [1, 2]) {
    const [u] = await db('users').insert({ email: `bench-seller-${n}-${Date.now()}@bench.test`, display_name: `Seller ${n}`, password_hash: 'x' }).returning('id');
    await db('sellers').insert({ user_id: u.id, shop_name: `Bench shop ${n} ${Date.now()}`, shipping_flat: 490, shipping_free_over: 5000 });
    const rows = await db('listings')
      .insert(
        Array.from({ length: perSeller }, (_, i) => ({
          seller_id: u.id,
          category_id: cat.id,
          kind: 'fixed',
          status: 'active',
          title: `Bench item ${n}-${i}`,
          slug: `bench-item-${n}-${i}-${Date.now()}`,
          description: 'A bench item.',
          condition: 'new',
          price: 1000 + i,
          stock: 1_000_000,
          published_at: new Date(),
          expires_at: new Date(Date.now() + 30 * 86_400_000),
        })),
      )
      .returning(['id', 'price']);
    shelves.push(rows.map((r: { id: number; price: number }) => ({ id: Number(r.id), price: Number(r.price) })));
  }
  const ids = (await db('users').insert(Array.from({ length: buyers }, (_, i) => ({ email: `bench-buyer-${i}-${Date.now()}@bench.test`, display_name: `Buyer ${i}`, password_hash: 'x' }))).returning('id')).map((r: { id: number }) => Number(r.id));
  for (const id of ids)
    await db.transaction((trx) =>
      transfer(trx, { idempotencyKey: `bench-fund:${id}`, kind: 'topup', legs: [{ account: { platform: 'gateway_clearing' }, amount: -1_000_000_000 }, { account: { userId: id, type: 'available' }, amount: 1_000_000_000 }] }),
    );
  return { buyers: ids, shelves };
}

async function loops(n: number, seconds: number, one: (worker: number, i: number) => Promise<void>): Promise<{ count: number; latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const s = performance.now();
        await one(w, i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, latencies, elapsed: (performance.now() - t0) / 1000 };
}

async function throughput(s: Scratch): Promise<string[][]> {
  const f = await fixture(s, CONCURRENCY * 4, 50);
  const db = createDb(s.databaseUrl, CONCURRENCY + 2);
  let refused = 0;
  const placed = await loops(CONCURRENCY, SECONDS, async (w, i) => {
    const a = f.shelves[0][(w * 7 + i) % 50];
    const b = f.shelves[1][(w * 11 + i) % 50];
    const r = await placeOrder(db, {
      buyerId: f.buyers[(w * 4 + (i % 4)) % f.buyers.length],
      checkoutKey: `bench-${w}-${i}-${Date.now()}`,
      items: [
        { listingId: a.id, variantId: null, quantity: 1, seenUnitPrice: a.price },
        { listingId: b.id, variantId: null, quantity: 2, seenUnitPrice: b.price },
      ],
      address,
      payWith: 'wallet',
      settings,
    });
    if (!r.ok) refused++;
  });
  await db.destroy();
  if (refused) throw new Error(`${refused} bench orders were refused`);

  // the raw baseline: per order the four stock statements and two ledger postings, one transaction
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: CONCURRENCY + 2 });
  const raw = await loops(CONCURRENCY, SECONDS, async (w, i) => {
    const a = f.shelves[0][(w * 7 + i) % 50];
    const b = f.shelves[1][(w * 11 + i) % 50];
    const buyer = f.buyers[(w * 4 + (i % 4)) % f.buyers.length];
    const c = await pool.connect();
    try {
      await c.query('begin');
      for (const [id, q] of [[a.id, 1], [b.id, 2]] as const) {
        const r = await c.query('update listings set reserved = reserved + $2 where id = $1 and stock - reserved >= $2 returning id', [id, q]);
        if (!r.rowCount) throw new Error('raw reservation refused');
      }
      for (const [id, q] of [[a.id, 1], [b.id, 2]] as const) await c.query('update listings set stock = stock - $2, reserved = reserved - $2 where id = $1', [id, q]);
      for (const [k, amount] of [[`a`, a.price + 490], [`b`, b.price * 2 + 490]] as const)
        await c.query(`select * from ledger_post($1, 'hold', 'bench', $2, 'EUR', '', '', now(), $3::bigint[], $4::text[], $5::bigint[])`, [
          `raw-${w}-${i}-${k}-${Date.now()}`,
          String(i),
          `{${buyer},${buyer}}`,
          '{available,held}',
          `{${-amount},${amount}}`,
        ]);
      await c.query('commit');
    } catch (err) {
      await c.query('rollback');
      throw err;
    } finally {
      c.release();
    }
  });
  await pool.end();
  const row = (name: string, m: { count: number; latencies: number[]; elapsed: number }) => [name, fmt(m.count / m.elapsed), fmt(percentile(m.latencies, 50)), fmt(percentile(m.latencies, 95)), fmt(percentile(m.latencies, 99))];
  return [row('placeOrder, 2-seller carts, wallet', placed), row('raw SQL: the same reservations and ledger postings', raw), ['ratio (placeOrder / raw)', fmt((placed.count / placed.elapsed / (raw.count / raw.elapsed)) * 100) + ' %', '', '', '']];
}

/** Hidden and chosen fields of the checkout form, as a browser would submit it. */
function checkoutForm(html: string): Record<string, string> {
  const form = /<form id="checkout-form"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('GET /checkout answered without the checkout form');
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) out[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  const address = /name="address_id" value="(\d+)"/.exec(form)?.[1];
  if (address) out.address_id = address;
  out.pay_with = 'wallet';
  return out;
}

async function httpCheckout(cleanup: Cleanup, s: Scratch): Promise<string[][]> {
  const f = await fixture(s, CONCURRENCY, 50);
  const password = 'bench-password-1234';
  const hash = await hashPassword(password);
  await s.db('users').whereIn('id', f.buyers).update({ password_hash: hash });
  for (const id of f.buyers) {
    await s.db('addresses').insert({ user_id: id, ...address });
    await s.db('carts').insert({ user_id: id });
  }
  const web = await startWebChild(cleanup, 'web (checkout)', s, { DATABASE_POOL_MAX: '16' });
  const emails = await s.db('users').whereIn('id', f.buyers).orderBy('id').select('id', 'email');
  const cookies = await Promise.all(emails.map((u: { email: string }) => signIn(web.baseUrl, u.email, password)));
  const carts = new Map((await s.db('carts').whereIn('user_id', f.buyers).select('id', 'user_id')).map((c: { id: number; user_id: number }) => [Number(c.user_id), Number(c.id)]));
  let failed = 0;
  const m = await loops(CONCURRENCY, SECONDS, async (w, i) => {
    const buyer = Number(emails[w].id);
    const a = f.shelves[0][(w * 7 + i) % 50];
    const b = f.shelves[1][(w * 11 + i) % 50];
    // the cart as the buyer filled it (not measured: adding to the cart is its own request)
    await s.db('cart_lines').insert([
      { cart_id: carts.get(buyer), listing_id: a.id, quantity: 1, unit_price_seen: a.price },
      { cart_id: carts.get(buyer), listing_id: b.id, quantity: 2, unit_price_seen: b.price },
    ]);
    const page = await fetch(`${web.baseUrl}/checkout`, { headers: { cookie: cookies[w] }, signal: AbortSignal.timeout(30_000) });
    // cookies the page sets (its CSRF cookie) go back with the form, as a browser sends them
    const jar = new Jar();
    for (const pair of cookies[w].split('; ')) jar.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    jar.take(page);
    cookies[w] = jar.header();
    const form = checkoutForm(await page.text());
    const res = await fetch(`${web.baseUrl}/orders`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies[w], 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    if (res.status !== 303 || !/\/orders\/\d+/.test(res.headers.get('location') ?? '')) {
      if (!failed) log(`POST /orders answered ${res.status} ${res.headers.get('location') ?? ''}: ${(/class="error"[^>]*>([^<]*)/.exec(body)?.[1] ?? body.slice(0, 300)).trim()}`);
      failed++;
    }
  });
  if (failed) throw new Error(`${failed} HTTP checkouts did not place an order`);
  return [['GET /checkout + POST /orders (HTTP, signed in, CSRF)', fmt(m.count / m.elapsed), fmt(percentile(m.latencies, 50)), fmt(percentile(m.latencies, 95)), fmt(percentile(m.latencies, 99))]];
}

async function lastUnit(s: Scratch): Promise<string[][]> {
  const f = await fixture(s, 100, 5);
  const db = createDb(s.databaseUrl, 20);
  const rows: string[][] = [];
  for (let round = 0; round < 5; round++) {
    const item = f.shelves[round % 2][round];
    await s.db('listings').where({ id: item.id }).update({ stock: 1, reserved: 0 });
    const latencies: number[] = [];
    const t0 = performance.now();
    const results = await Promise.all(
      f.buyers.map(async (buyerId) => {
        const st = performance.now();
        const r = await placeOrder(db, { buyerId, checkoutKey: `race-${round}-${buyerId}`, items: [{ listingId: item.id, variantId: null, quantity: 1, seenUnitPrice: item.price }], address, payWith: 'wallet', settings });
        latencies.push(performance.now() - st);
        return r;
      }),
    );
    const all = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    const won = results.filter((r) => r.ok).length;
    const stock = await s.db('listings').where({ id: item.id }).first('stock', 'reserved');
    if (won !== 1 || stock.stock !== 0 || stock.reserved !== 0) throw new Error(`round ${round}: ${won} winners, stock ${stock.stock}, reserved ${stock.reserved}`);
    rows.push([`round ${round + 1}`, String(won), fmt(percentile(latencies, 50)), fmt(percentile(latencies, 95)), fmt(latencies[latencies.length - 1]), fmt(all)]);
  }
  await db.destroy();
  return rows;
}

async function searchUnderCheckout(cleanup: Cleanup, s: Scratch): Promise<string[][]> {
  log('seeding the search catalogue');
  await seedSearch(s.db);
  // checkouts buy lamps that the measured search shows, so every sale changes what it reads
  const lamps = (await s.db('listings').where({ kind: 'fixed', status: 'active' }).whereILike('title', '%lamp%').where('price', '<=', 15000).orderBy('id').limit(100).select('id', 'price', 'seller_id')).map((r: { id: number; price: number; seller_id: number }) => ({
    id: Number(r.id),
    price: Number(r.price),
    seller: Number(r.seller_id),
  }));
  await s.db('listings').whereIn('id', lamps.map((l) => l.id)).update({ stock: 1_000_000 });
  const f = await fixture(s, 20, 1);
  const web = await startWebChild(cleanup, 'web', s, { DATABASE_POOL_MAX: '16' });
  // the same page with the search cache off: every request runs the search (what a miss costs)
  const uncached = await startWebChild(cleanup, 'web, cache off', s, { DATABASE_POOL_MAX: '16', SEARCH_CACHE_SECONDS: '0' });
  const query = '/search?q=lamp&category=lighting&max=150&condition=used';
  const measure = async (base: string) => {
    const r = await autocannon({ url: `${base}${query}`, connections: 32, duration: SECONDS });
    return { p50: r.latency.p50, p95: (r.latency as unknown as Record<string, number>).p97_5 ?? r.latency.p99, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx };
  };
  await autocannon({ url: `${web.baseUrl}${query}`, connections: 8, duration: 2 });
  await autocannon({ url: `${uncached.baseUrl}${query}`, connections: 8, duration: 2 });
  const quiet = await measure(web.baseUrl);
  const quietMiss = await measure(uncached.baseUrl);

  const db = createDb(s.databaseUrl, 4);
  let stop = false;
  let placed = 0;
  const writer = (async () => {
    const every = 1000 / RATE;
    let next = performance.now();
    for (let i = 0; !stop; i++) {
      const a = lamps[i % lamps.length];
      const b = lamps.find((x) => x.seller !== a.seller && (x.id + i) % 3 === 0) ?? lamps[(i + 1) % lamps.length];
      const r = await placeOrder(db, {
        buyerId: f.buyers[i % f.buyers.length],
        checkoutKey: `bg-${i}-${Date.now()}`,
        items: [
          { listingId: a.id, variantId: null, quantity: 1, seenUnitPrice: a.price },
          { listingId: b.id, variantId: null, quantity: 1, seenUnitPrice: b.price },
        ],
        address,
        payWith: 'wallet',
        settings,
      });
      if (r.ok) placed++;
      next += every;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
  })();
  const t0 = performance.now();
  const busy = await measure(web.baseUrl);
  const busyMiss = await measure(uncached.baseUrl);
  const rate = placed / ((performance.now() - t0) / 1000);
  stop = true;
  await writer;
  await db.destroy();
  const row = (name: string, m: typeof quiet, orders: string) => [name, fmt(m.rps), fmt(m.p50), fmt(m.p95), fmt(m.p99), orders, String(m.non2xx)];
  return [
    row('search (cache on, as deployed), no writes', quiet, '0'),
    row(`search (cache on), checkouts at ${RATE}/s`, busy, fmt(rate)),
    ['ratio p97.5, cache on (busy / quiet)', '', '', fmt(busy.p95 / quiet.p95, 2) + '×', '', '', ''],
    row('search, cache off (every request a miss), no writes', quietMiss, '0'),
    row(`search, cache off, checkouts at ${RATE}/s`, busyMiss, fmt(rate)),
    ['ratio p97.5, cache off (busy / quiet)', '', '', fmt(busyMiss.p95 / quietMiss.p95, 2) + '×', '', '', ''],
  ];
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(900_000);
  try {
    log(machineLine());
    const a = await createScratch(cleanup, 'orders');
    const t = PARTS.has('orders') ? (log(`placing orders for ${SECONDS} s at concurrency ${CONCURRENCY}`), await throughput(a)) : [];
    const h = PARTS.has('http') ? (log('checkouts through HTTP'), await httpCheckout(cleanup, a)) : [];
    if (t.length || h.length) {
      console.log(`\n## Orders placed per second (concurrency ${CONCURRENCY}, ${SECONDS} s each)\n`);
      console.log(table(['path', 'orders/s', 'p50 ms', 'p95 ms', 'p99 ms'], [...t, ...h]));
    }
    if (PARTS.has('race')) {
      log('last-unit races');
      const r = await lastUnit(a);
      console.log('\n## Last unit: 100 buyers at once\n');
      console.log(table(['round', 'winners', 'p50 ms', 'p95 ms', 'slowest ms', 'all answered ms'], r));
    }
    if (PARTS.has('search')) {
      const b = await createScratch(cleanup, 'orders_search');
      const sr = await searchUnderCheckout(cleanup, b);
      console.log(`\n## Search page while checkouts run (32 connections, ${SECONDS} s each)\n`);
      console.log(table(['load', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'orders/s', 'non-2xx'], sr));
    }
    console.log(`\n${machineLine()}`);
  } finally {
    await cleanup.run();
  }
}

if (isEntry(/[\\/]bench[\\/]orders\.ts$/)) main().catch((err) => {
  console.error(err);
  process.exit(1);
});
