/**
 * Ledger throughput: `transfer()` between many accounts and on one hot account,
 * each beside a raw Postgres baseline measured in the same run (the same
 * row-locked balance update written directly with pg: BEGIN; SELECT … FOR
 * UPDATE; UPDATE; INSERT entries; COMMIT). Uses a database of its own that it
 * creates and drops.
 *
 *   node --import tsx bench/ledger.ts
 *   BENCH_SECONDS=8 BENCH_CLIENTS=32 BENCH_USERS=1000 node --import tsx bench/ledger.ts
 */
import knexFactory from 'knex';
import pg from 'pg';
import { createDb } from '../src/db.js';
import { transfer, verifyLedger, type Leg } from '../src/ledger/ledger.js';
import { Cleanup, cpuMs, createScratch, fmt, log, machineLine, percentile, table } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const USERS = Number(process.env.BENCH_USERS ?? 1000);
const FUNDS = 100_000_000; // per user: never the limiting factor

interface Result {
  name: string;
  ok: number;
  /** every committed transfer, warm-up included (for CPU per transfer) */
  all: number;
  /** CPU of this Node process and of the phase's Postgres backends, ms */
  nodeCpu: number;
  pgCpu: number | null;
  errors: number;
  seconds: number;
  latencies: number[];
  firstError?: string;
}

const rand = (n: number) => Math.floor(Math.random() * n);

/** `clients` loops calling `once()` until the deadline; counts what committed. */
async function drive(name: string, clients: number, seconds: number, once: (client: number, n: number) => Promise<void>): Promise<Result> {
  const r: Result = { name, ok: 0, all: 0, nodeCpu: 0, pgCpu: null, errors: 0, seconds, latencies: [] };
  const cpu0 = process.cpuUsage();
  const warmupEnd = Date.now() + 1000;
  const end = warmupEnd + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; Date.now() < end; n++) {
        const started = Date.now();
        const t0 = performance.now();
        try {
          await once(c, n);
          r.all++;
          // only transfers that started after the warm-up and finished before the deadline count
          if (started >= warmupEnd && Date.now() <= end) {
            r.ok++;
            r.latencies.push(performance.now() - t0);
          }
        } catch (err) {
          r.errors++;
          r.firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  r.nodeCpu = (cpu.user + cpu.system) / 1000;
  r.latencies.sort((a, b) => a - b);
  return r;
}

/**
 * CPU used so far by the Postgres backends serving `appName` on this database
 * (read from /proc; null where that is not possible). The pools are new for each
 * phase, so this is the phase's server-side cost.
 */
async function backendCpu(db: import('knex').Knex, appName: string): Promise<number | null> {
  const { rows } = await db.raw('select pid from pg_stat_activity where datname = current_database() and application_name = ?', [appName]);
  let total = 0;
  for (const { pid } of rows as { pid: number }[]) {
    const ms = cpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return rows.length ? total : null;
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(10 * 60_000);
  try {
    log(`bench ledger: ${machineLine()}`);
    const scratch = await createScratch(cleanup, 'ledger');
    const url = scratch.databaseUrl;

    // users, funded through the ledger itself
    const { rows: users } = await scratch.db.raw(
      `insert into users (email, display_name, password_hash)
       select 'bench-' || g || '@example.test', 'Bench ' || g, 'x' from generate_series(1, ?) g returning id`,
      [USERS],
    );
    const ids: number[] = users.map((u: { id: number }) => u.id);
    const setup = createDb(url, 8);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ids.length) {
          const id = ids[next++];
          await setup.transaction((trx) =>
            transfer(trx, {
              idempotencyKey: `fund:${id}`,
              kind: 'topup',
              legs: [
                { account: { platform: 'gateway_clearing' }, amount: -FUNDS },
                { account: { userId: id, type: 'available' }, amount: FUNDS },
              ],
            }),
          );
        }
      }),
    );
    // a first boost opens the platform revenue account
    await setup.transaction((trx) =>
      transfer(trx, { idempotencyKey: 'open-revenue', kind: 'boost', legs: [{ account: { userId: ids[0], type: 'available' }, amount: -1 }, { account: { platform: 'revenue' }, amount: 1 }] }),
    );
    await setup.destroy();

    // the raw baseline's own tables: an account row per user plus one hot row, and entries
    await scratch.db.raw(`
      create table bench_raw_accounts (id bigint primary key, balance bigint not null check (balance >= 0));
      create table bench_raw_entries (id bigserial primary key, account_id bigint not null, amount bigint not null, created_at timestamptz not null default now());
      insert into bench_raw_accounts select g, ${FUNDS} from generate_series(0, ${USERS}) g;
    `);
    // for diagnosis only: BENCH_WITHOUT_NOTIFY=1 measures the ledger without the outbox's NOTIFY
    if (process.env.BENCH_WITHOUT_NOTIFY === '1') await scratch.db.raw('alter table outbox disable trigger outbox_notify');
    await scratch.db.raw('vacuum analyze');
    log(`bench ledger: ${USERS} users funded; ${CLIENTS} clients, ${SECONDS} s per phase after 1 s warm-up`);

    /** `transfer()` in a transaction per transfer, the path every flow uses */
    const ledgerPhase = async (name: string, legsFor: () => Leg[]) => {
      // createDb's pool, under a name of its own so its backends can be told apart
      const db = knexFactory({ client: 'pg', connection: { connectionString: url, application_name: 'bench-ledger' }, pool: { min: 0, max: CLIENTS } });
      try {
        const r = await drive(name, CLIENTS, SECONDS, (c, n) => {
          const input = { idempotencyKey: `${name}:${c}:${n}`, kind: 'bench', legs: legsFor() };
          return db.transaction(async (trx) => {
            await transfer(trx, input);
          });
        });
        r.pgCpu = await backendCpu(scratch.db, 'bench-ledger');
        return r;
      } finally {
        await db.destroy();
      }
    };
    const rawPhase = async (name: string, pairFor: () => [number, number]) => {
      const pool = new pg.Pool({ connectionString: url, max: CLIENTS, application_name: 'bench-raw' });
      try {
        const r = await drive(name, CLIENTS, SECONDS, async () => {
          const [from, to] = pairFor();
          const amount = 1 + rand(100);
          const client = await pool.connect();
          try {
            await client.query('begin');
            const { rows } = await client.query('select id, balance from bench_raw_accounts where id = any($1) order by id for update', [[from, to]]);
            const payer = rows.find((r: { id: string }) => Number(r.id) === from);
            if (!payer || Number(payer.balance) < amount) throw new Error('insufficient');
            await client.query('update bench_raw_accounts set balance = balance + case when id = $1 then -$3::bigint else $3::bigint end where id in ($1, $2)', [from, to, amount]);
            await client.query('insert into bench_raw_entries (account_id, amount) values ($1, -$3::bigint), ($2, $3::bigint)', [from, to, amount]);
            await client.query('commit');
          } catch (err) {
            await client.query('rollback').catch(() => {});
            throw err;
          } finally {
            client.release();
          }
        });
        r.pgCpu = await backendCpu(scratch.db, 'bench-raw');
        return r;
      } finally {
        await pool.end();
      }
    };

    const pair = (): [number, number] => {
      const a = rand(ids.length);
      let b = rand(ids.length - 1);
      if (b >= a) b++;
      return [a, b];
    };
    const results: Result[] = [];
    // many accounts: random pairs of users, available → available
    results.push(await rawPhase('raw pg, many accounts', () => { const [a, b] = pair(); return [a + 1, b + 1]; }));
    const manyLegs = (): Leg[] => {
      const [a, b] = pair();
      const amount = 1 + rand(100);
      return [
        { account: { userId: ids[a], type: 'available' }, amount: -amount },
        { account: { userId: ids[b], type: 'available' }, amount },
      ];
    };
    results.push(await ledgerPhase('ledger transfer(), many accounts', manyLegs));
    // one hot account: every transfer pays the platform's revenue account (a boost)
    results.push(await rawPhase('raw pg, hot account', () => [1 + rand(ids.length), 0]));
    const hotLegs = (): Leg[] => {
      const amount = 1 + rand(100);
      return [
        { account: { userId: ids[rand(ids.length)], type: 'available' }, amount: -amount },
        { account: { platform: 'revenue' }, amount },
      ];
    };
    results.push(await ledgerPhase('ledger transfer(), hot account', hotLegs));

    const problems = await verifyLedger(scratch.db);
    const rate = (r: Result) => r.ok / r.seconds;
    const perTransfer = (ms: number | null, r: Result) => (ms === null || r.all === 0 ? null : ms / r.all);
    const rows = results.map((r) => [
      r.name,
      fmt(rate(r), 0),
      fmt(percentile(r.latencies, 50), 1),
      fmt(percentile(r.latencies, 99), 1),
      r.errors,
      fmt(perTransfer(r.pgCpu, r), 3),
      fmt(perTransfer(r.nodeCpu, r), 3),
    ]);
    const [rawMany, manyTrx, rawHot, hotTrx] = results;
    const out = [
      `bench ledger — ${machineLine()}`,
      `${USERS} users, ${CLIENTS} concurrent clients, ${SECONDS} s per phase`,
      '',
      table(['phase', 'transfers/s', 'p50 ms', 'p99 ms', 'errors', 'Postgres CPU ms/transfer', 'client CPU ms/transfer'], rows),
      '',
      `many accounts: transfer() in its own transaction ${fmt(rate(manyTrx), 0)}/s = ${fmt((100 * rate(manyTrx)) / rate(rawMany), 0)}% of raw`,
      `hot account: transfer() in its own transaction ${fmt(rate(hotTrx), 0)}/s = ${fmt((100 * rate(hotTrx)) / rate(rawHot), 0)}% of raw`,
      `ledger verified after the run: ${problems.length === 0 ? 'no problems' : problems.join('; ')}`,
    ];
    for (const r of results) if (r.firstError) out.push(`${r.name}: first error: ${r.firstError}`);
    process.stdout.write(`${out.join('\n')}\n`);
    if (problems.length) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

main().catch((err) => {
  log(`bench ledger failed: ${(err as Error).stack}`);
  process.exit(1);
});
