/**
 * The random money operations of the ledger property test, shared by the test
 * itself and the child processes it kills (tests/ledger/ledger-worker.ts).
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { captureHold, HoldAlreadyResolved, placeHold, releaseHold } from '../../src/ledger/holds.js';
import { IdempotencyConflict, InsufficientFunds, transfer, type AccountRef, type Leg } from '../../src/ledger/ledger.js';

export type Op =
  | { t: 'topup' | 'refund' | 'payout.request' | 'payout.paid' | 'payout.failed' | 'boost' | 'hold'; u: number; amount: number }
  | { t: 'capture'; hold: number; pct: number; to: number; feePct: number }
  | { t: 'release'; hold: number }
  | { t: 'replay'; of: number }
  | { t: 'conflict'; of: number };

const user = (n: number) => fc.nat({ max: n - 1 });
const amount = fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20_000 }));

/** A list of operations on `users` users; references (`hold`, `of`) point back into the list and are resolved by `resolve`. */
export function opsArbitrary(users: number, length: number): fc.Arbitrary<Op[]> {
  const simple = (t: 'topup' | 'refund' | 'payout.request' | 'payout.paid' | 'payout.failed' | 'boost' | 'hold') =>
    fc.record({ t: fc.constant(t), u: user(users), amount });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: simple('topup') },
    { weight: 4, arbitrary: simple('hold') },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('capture' as const), hold: fc.nat(), pct: fc.integer({ min: 1, max: 100 }), to: user(users), feePct: fc.integer({ min: 0, max: 30 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('release' as const), hold: fc.nat() }) },
    { weight: 2, arbitrary: simple('refund') },
    { weight: 2, arbitrary: simple('payout.request') },
    { weight: 1, arbitrary: simple('payout.paid') },
    { weight: 1, arbitrary: simple('payout.failed') },
    { weight: 2, arbitrary: simple('boost') },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('replay' as const), of: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('conflict' as const), of: fc.nat() }) },
  );
  return fc.array(op, { minLength: length, maxLength: length });
}

/** Points every reference at an earlier operation (a hold reference at an earlier hold), or drops it. */
export function resolve(ops: Op[]): Op[] {
  const holds: number[] = [];
  const out: Op[] = [];
  ops.forEach((op, i) => {
    if (op.t === 'hold') holds.push(i);
    if (op.t === 'capture' || op.t === 'release') out.push(holds.length ? { ...op, hold: holds[op.hold % holds.length] } : { t: 'topup', u: 0, amount: 1 });
    else if (op.t === 'replay' || op.t === 'conflict') {
      if (i === 0) return void out.push({ t: 'topup', u: 0, amount: 100 });
      const target = out[op.of % i];
      // a replay of a replay is a replay of the original
      out.push({ ...op, of: target.t === 'replay' || target.t === 'conflict' ? target.of : op.of % i });
    } else out.push(op);
  });
  return out;
}

export interface Ctx {
  tag: string; // unique per run: keys never collide across runs
  users: number[];
  ops: Op[];
  /** ops whose transfer is known committed in this process (a conflict must then be refused) */
  committed: Set<number>;
}

export const keyOf = (ctx: Pick<Ctx, 'tag'>, i: number) => `${ctx.tag}:${i}`;

/** The legs a simple operation intends (captures and releases depend on the hold, see `holdLegs`). */
export function simpleLegs(ctx: Pick<Ctx, 'users'>, op: Extract<Op, { u: number }>, bump = 0): Leg[] {
  const u = ctx.users[op.u];
  const a = op.amount + bump;
  const acc = (type: 'available' | 'held' | 'payout_pending'): AccountRef => ({ userId: u, type });
  const pair = (from: AccountRef, to: AccountRef): Leg[] => [
    { account: from, amount: -a },
    { account: to, amount: a },
  ];
  switch (op.t) {
    case 'topup':
      return pair({ platform: 'gateway_clearing' }, acc('available'));
    case 'refund':
      return pair(acc('available'), { platform: 'gateway_clearing' });
    case 'payout.request':
      return pair(acc('available'), acc('payout_pending'));
    case 'payout.paid':
      return pair(acc('payout_pending'), { platform: 'gateway_clearing' });
    case 'payout.failed':
      return pair(acc('payout_pending'), acc('available'));
    case 'boost':
      return pair(acc('available'), { platform: 'revenue' });
    case 'hold':
      return pair(acc('available'), acc('held'));
  }
}

export function captureFigures(op: Extract<Op, { t: 'capture' }>, held: number): { amount: number; fee: number } {
  const amount = Math.max(1, Math.floor((held * op.pct) / 100));
  return { amount, fee: Math.floor((amount * op.feePct) / 100) };
}

/** The legs a capture or release of a hold of `held` by `owner` intends. */
export function holdLegs(ctx: Pick<Ctx, 'users'>, op: Extract<Op, { t: 'capture' | 'release' }>, owner: number, held: number): Leg[] {
  if (op.t === 'release') {
    return [
      { account: { userId: owner, type: 'held' }, amount: -held },
      { account: { userId: owner, type: 'available' }, amount: held },
    ];
  }
  const { amount, fee } = captureFigures(op, held);
  const legs: Leg[] = [{ account: { userId: owner, type: 'held' }, amount: -held }];
  if (amount - fee > 0) legs.push({ account: { userId: ctx.users[op.to], type: 'available' }, amount: amount - fee });
  if (fee > 0) legs.push({ account: { platform: 'revenue' }, amount: fee });
  if (held > amount) legs.push({ account: { userId: owner, type: 'available' }, amount: held - amount });
  return legs;
}

async function holdIdOf(db: Knex, key: string): Promise<number | undefined> {
  const row = await db('holds').join('ledger_transfers as t', 't.id', 'holds.created_transfer_id').where('t.idempotency_key', key).first('holds.id');
  return row?.id;
}

export type Outcome = 'done' | 'replayed' | 'refused' | 'skipped';

/**
 * Runs operation `i` (with its own key) in one transaction. Expected refusals
 * (not enough money, a hold already resolved, a conflicting replay) are outcomes;
 * anything else is thrown and fails the run.
 */
export async function runOp(db: Knex, ctx: Ctx, i: number, as: Op = ctx.ops[i], bump = 0): Promise<Outcome> {
  const key = keyOf(ctx, i);
  const op = as;
  try {
    if (op.t === 'replay') return await runOp(db, ctx, op.of, ctx.ops[op.of], 0);
    if (op.t === 'conflict') {
      const original = ctx.ops[op.of];
      if (!('u' in original) || !ctx.committed.has(op.of)) return 'skipped';
      try {
        await runOp(db, ctx, op.of, original, 1);
      } catch (err) {
        if (err instanceof IdempotencyConflict) return 'refused';
        throw err;
      }
      throw new Error(`op ${i}: a conflicting replay of op ${op.of} (${key}) was not refused`);
    }
    const okey = keyOf(ctx, i);
    let replayed = false;
    if (op.t === 'capture' || op.t === 'release') {
      const holdId = await holdIdOf(db, keyOf(ctx, op.hold));
      if (!holdId) return 'skipped';
      await db.transaction(async (trx) => {
        if (op.t === 'release') replayed = (await releaseHold(trx, { idempotencyKey: okey, holdId })).replayed;
        else {
          const hold = await trx('holds').where({ id: holdId }).first();
          const { amount, fee } = captureFigures(op, hold.amount);
          replayed = (
            await captureHold(trx, {
              idempotencyKey: okey,
              holdId,
              amount,
              to: { userId: ctx.users[op.to], type: 'available' },
              fee: fee > 0 ? { amount: fee, to: { platform: 'revenue' } } : undefined,
            })
          ).replayed;
        }
      });
    } else if (op.t === 'hold') {
      await db.transaction(async (trx) => {
        replayed = (await placeHold(trx, { idempotencyKey: okey, userId: ctx.users[op.u], amount: op.amount + bump })).replayed;
      });
    } else {
      const input = { idempotencyKey: okey, kind: op.t, reference: { type: 'property', id: i }, legs: simpleLegs(ctx, op, bump) };
      await db.transaction(async (trx) => {
        replayed = (await transfer(trx, input)).replayed;
      });
    }
    ctx.committed.add(i);
    return replayed ? 'replayed' : 'done';
  } catch (err) {
    if (err instanceof InsufficientFunds || err instanceof HoldAlreadyResolved) return 'refused';
    throw err;
  }
}

/** The index of the operation that owns a key of this run, or null. */
export function opIndexOfKey(ctx: Pick<Ctx, 'tag'>, key: string): number | null {
  const prefix = `${ctx.tag}:`;
  if (!key.startsWith(prefix)) return null;
  const n = Number(key.slice(prefix.length));
  return Number.isInteger(n) ? n : null;
}
