/**
 * Thousands of random money operations (top-ups, holds, full and partial
 * captures with fees, releases, refunds, payouts paid and failed, boosts,
 * replays and conflicting replays) run by concurrent workers, some of them child
 * processes killed with SIGKILL mid-flight. Afterwards the ledger must be whole.
 *
 * A failing run prints its seed; `SOUK_LEDGER_SEED=<seed> npx vitest run
 * tests/ledger/ledger.property.test.ts` generates the same operations and kill
 * points again. SOUK_LEDGER_RUNS and SOUK_LEDGER_OPS change the size.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger, type Leg } from '../../src/ledger/ledger.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { prng, runWorker, type WorkerSpec } from '../property.js';
import { holdLegs, keyOf, opIndexOfKey, opsArbitrary, resolve, runOp, simpleLegs, type Ctx, type Op, type Outcome } from './ops.js';

const SEED = process.env.SOUK_LEDGER_SEED ? Number(process.env.SOUK_LEDGER_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SOUK_LEDGER_RUNS ?? 2);
const OPS = Number(process.env.SOUK_LEDGER_OPS ?? 1000);
const USERS = 6;
const IN_PROCESS_LANES = 3;

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  await t?.drop();
});

/** Runs a worker process on `indices`, killed as `kill` says (null: let it finish). */
function runChild(ctx: Ctx, indices: number[], name: string, kill: WorkerSpec<Outcome>['kill']) {
  return runWorker<Outcome>({
    script: 'tests/ledger/ledger-worker.ts',
    databaseUrl: t.databaseUrl,
    seed: SEED,
    plan: { tag: ctx.tag, users: ctx.users, ops: ctx.ops, indices, lanes: 2 },
    name,
    kill,
    parse: (line) => {
      const m = /^op (\d+) (\w+)$/.exec(line);
      return m ? [Number(m[1]), m[2] as Outcome] : null;
    },
  });
}

const legKey = (l: Leg) => `${'platform' in l.account ? `platform:${l.account.platform}` : `${l.account.userId}:${l.account.type}`}:${l.amount}`;
const sameLegs = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Everything that must hold after a run, whatever ran, failed or was killed. */
async function checkInvariants(ctx: Ctx, reported: Map<number, Outcome>[]): Promise<void> {
  const problems = await verifyLedger(t.db);
  if (problems.length) throw new Error(`verifyLedger: ${problems.join('; ')}`);

  const transfers: { id: number; idempotency_key: string; reference_type: string | null; reference_id: string | null }[] = await t
    .db('ledger_transfers')
    .where('idempotency_key', 'like', `${ctx.tag}:%`)
    .select('id', 'idempotency_key', 'reference_type', 'reference_id');
  const entries: { transfer_id: number; owner: number | null; type: string; amount: number }[] = await t
    .db('ledger_entries as e')
    .join('ledger_accounts as a', 'a.id', 'e.account_id')
    .whereIn('e.transfer_id', transfers.map((x) => x.id))
    .select('e.transfer_id', 'a.user_id as owner', 'a.type', 'e.amount');
  const legsOf = new Map<number, string[]>();
  for (const e of entries) legsOf.set(e.transfer_id, [...(legsOf.get(e.transfer_id) ?? []), `${e.owner === null ? `platform:${e.type}` : `${e.owner}:${e.type}`}:${e.amount}`]);
  const holds = new Map<number, { id: number; user_id: number; amount: number; status: string; captured_amount: number | null; resolved_transfer_id: number | null }>();
  for (const h of await t.db('holds').whereIn('user_id', ctx.users)) holds.set(h.id, h);

  // every key moved money at most once, and exactly as its operation intends
  const seen = new Set<string>();
  for (const tr of transfers) {
    if (seen.has(tr.idempotency_key)) throw new Error(`key ${tr.idempotency_key} took effect twice`);
    seen.add(tr.idempotency_key);
    const i = opIndexOfKey(ctx, tr.idempotency_key)!;
    const op = ctx.ops[i];
    let expected: Leg[];
    if (op.t === 'capture' || op.t === 'release') {
      const hold = holds.get(Number(tr.reference_id));
      if (!hold) throw new Error(`op ${i} (${op.t}) resolved hold ${tr.reference_id}, which is not this run's`);
      if (hold.resolved_transfer_id !== tr.id) throw new Error(`op ${i} moved money for hold ${hold.id} but is not its resolution`);
      expected = holdLegs(ctx, op, hold.user_id, hold.amount);
    } else if ('u' in op) expected = simpleLegs(ctx, op);
    else throw new Error(`op ${i} (${op.t}) has a transfer under its own key`);
    if (!sameLegs(legsOf.get(tr.id) ?? [], expected.map(legKey))) {
      throw new Error(`op ${i} (${JSON.stringify(op)}) moved ${JSON.stringify(legsOf.get(tr.id))}, expected ${JSON.stringify(expected.map(legKey))}`);
    }
  }

  // every operation a worker saw commit is there (for a replay: the original's key)
  for (const r of reported) {
    for (const [i, outcome] of r) {
      const op = ctx.ops[i];
      const owner = op.t === 'replay' || op.t === 'conflict' ? op.of : i;
      if ((outcome === 'done' || outcome === 'replayed' || (op.t === 'conflict' && outcome === 'refused')) && !seen.has(keyOf(ctx, owner))) {
        throw new Error(`op ${i} (${op.t}) reported ${outcome} but key ${keyOf(ctx, owner)} has no transfer`);
      }
    }
  }

  // holds resolve at most once, and what is held is exactly the open holds
  const resolutions = new Map<string, number>();
  for (const tr of transfers) if (tr.reference_type === 'hold') resolutions.set(tr.reference_id!, (resolutions.get(tr.reference_id!) ?? 0) + 1);
  for (const h of holds.values()) {
    const n = resolutions.get(String(h.id)) ?? 0;
    if (n > 1) throw new Error(`hold ${h.id} was resolved ${n} times`);
    if ((h.status === 'open') !== (n === 0)) throw new Error(`hold ${h.id} is ${h.status} with ${n} resolutions`);
    if (h.captured_amount !== null && h.captured_amount > h.amount) throw new Error(`hold ${h.id} captured more than it held`);
  }
  const held: { user_id: number; balance: number }[] = await t.db('ledger_accounts').whereIn('user_id', ctx.users).where({ type: 'held' }).select('user_id', 'balance');
  for (const u of ctx.users) {
    const open = [...holds.values()].filter((h) => h.user_id === u && h.status === 'open').reduce((s, h) => s + h.amount, 0);
    const balance = held.find((a) => a.user_id === u)?.balance ?? 0;
    if (balance !== open) throw new Error(`user ${u} has ${balance} held but ${open} in open holds`);
  }
}

let runNo = 0;
async function oneRun(raw: Op[], splitSeed: number): Promise<void> {
  const rand = prng(splitSeed);
  const ops = resolve(raw);
  const users: number[] = [];
  for (let i = 0; i < USERS; i++) users.push((await createUser(t.db)).id);
  const ctx: Ctx = { tag: `p${SEED}-${++runNo}`, users, ops, committed: new Set() };

  // most operations run here on concurrent lanes, the rest in two child processes that get killed
  const mine: number[] = [];
  const childA: number[] = [];
  const childB: number[] = [];
  ops.forEach((_, i) => {
    const r = rand();
    (r < 0.6 ? mine : r < 0.8 ? childA : childB).push(i);
  });
  const killA = { afterOps: Math.floor(rand() * childA.length * 0.8), delayMs: Math.floor(rand() * 20) };
  const killB = { afterOps: Math.floor(rand() * childB.length), delayMs: Math.floor(rand() * 20) };

  const local = new Map<number, Outcome>();
  let next = 0;
  const lane = async () => {
    while (next < mine.length) {
      const i = mine[next++];
      local.set(i, await runOp(t.db, ctx, i));
    }
  };
  const started = Date.now();
  const [, a1, b] = await Promise.all([
    Promise.all(Array.from({ length: IN_PROCESS_LANES }, lane)),
    runChild(ctx, childA, `run${runNo}-a1`, killA),
    runChild(ctx, childB, `run${runNo}-b`, killB),
  ]);
  // the killed worker is restarted and finishes its share: what committed replays, the rest runs
  const a2 = await runChild(ctx, childA, `run${runNo}-a2`, null);
  await checkInvariants(ctx, [local, a1.reported, a2.reported, b.reported]);
  const tally: Record<string, number> = {};
  for (const r of [local, a2.reported, b.reported]) for (const o of r.values()) tally[o] = (tally[o] ?? 0) + 1;
  process.stderr.write(
    `run ${runNo}: ${JSON.stringify(tally)}; worker a killed after ${a1.reported.size}/${childA.length} ops, worker b ${b.killed ? `killed after ${b.reported.size}` : 'finished'}/${childB.length}; ${Date.now() - started} ms\n`,
  );
  for (const i of childA) if (!a2.reported.has(i)) throw new Error(`the restarted worker did not finish op ${i}`);
}

describe('the ledger under random concurrent operations and crashes', () => {
  it('keeps every invariant', { timeout: 240_000 }, async () => {
    process.stderr.write(`ledger property test: SOUK_LEDGER_SEED=${SEED} (${RUNS} runs of ${OPS} operations)\n`);
    const result = await fc.check(
      fc.asyncProperty(opsArbitrary(USERS, OPS), fc.integer(), async (ops, splitSeed) => {
        await oneRun(ops, splitSeed);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (result.failed) {
      const reason = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`ledger property failed on run ${result.numRuns}; reproduce with SOUK_LEDGER_SEED=${SEED}\n${reason.slice(0, 4000)}`);
    }
    expect(result.numRuns).toBe(RUNS);
  });
});
