import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Batcher } from '../../src/ledger/batch.js';
import { balances, BATCH_LIMITS, IdempotencyConflict, InsufficientFunds, post, verifyLedger, type TransferInput } from '../../src/ledger/ledger.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { counts, pay, topUp } from './helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());

/** How many database transactions wrote these transfers (rows of one transaction share their xmin). */
async function transactionsOf(keys: string[]): Promise<number> {
  const { rows } = await t.db.raw('select count(distinct xmin::text)::int as n from ledger_transfers where idempotency_key = any(?)', [keys]);
  return rows[0].n;
}

describe('post: standalone transfers committed together', () => {
  it('moves every one of 300 concurrent transfers exactly once, in far fewer commits', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(t.db)));
    for (const u of users) await topUp(t.db, u.id, 1_000_000);
    const tag = `many:${users[0].id}`;
    const moves = Array.from({ length: 300 }, (_, i) => ({ key: `${tag}:${i}`, from: users[i % 12].id, to: users[(i * 5 + 1) % 12].id, amount: 1 + ((i * 37) % 500) }));
    const results = await Promise.all(moves.map((m) => post(t.db, pay(m.key, m.from, m.to, m.amount))));

    expect(results.every((r) => !r.replayed)).toBe(true);
    expect(new Set(results.map((r) => r.id)).size).toBe(300);
    // what each user should hold now
    const expected = new Map(users.map((u) => [u.id, 1_000_000]));
    for (const m of moves) {
      expected.set(m.from, expected.get(m.from)! - m.amount);
      expected.set(m.to, expected.get(m.to)! + m.amount);
    }
    for (const u of users) expect((await balances(t.db, u.id)).available).toBe(expected.get(u.id));
    const commits = await transactionsOf(moves.map((m) => m.key));
    expect(commits).toBeLessThan(300 / 4);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it('refuses a transfer short of money alone: the others in its batch commit', async () => {
    const [poor, rich, shop] = await Promise.all([createUser(t.db), createUser(t.db), createUser(t.db)]);
    await topUp(t.db, poor.id, 100);
    await topUp(t.db, rich.id, 10_000);
    const tag = `short:${poor.id}`;
    // four transfers already in flight fill every slot, so the next four wait and go as one batch, in order
    const fillers = Array.from({ length: BATCH_LIMITS.maxInFlight }, (_, i) => post(t.db, pay(`${tag}:filler:${i}`, rich.id, shop.id, 1)));
    const outcomes = await Promise.allSettled([
      post(t.db, pay(`${tag}:1`, rich.id, shop.id, 1_000)),
      post(t.db, pay(`${tag}:2`, poor.id, shop.id, 60)),
      post(t.db, pay(`${tag}:3`, poor.id, shop.id, 60)), // the second 60 does not fit in 100
      post(t.db, pay(`${tag}:4`, rich.id, shop.id, 2_000)),
    ]);
    await Promise.all(fillers);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await transactionsOf([`${tag}:1`, `${tag}:2`, `${tag}:4`])).toBe(1);
    const refusal = (outcomes[2] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(InsufficientFunds);
    expect(refusal).toMatchObject({ userId: poor.id, account: 'available', balance: 40, needed: 60 });
    expect(await balances(t.db, poor.id)).toMatchObject({ available: 40 });
    expect(await balances(t.db, shop.id)).toMatchObject({ available: 3_060 + BATCH_LIMITS.maxInFlight });
    expect(await balances(t.db, rich.id)).toMatchObject({ available: 7_000 - BATCH_LIMITS.maxInFlight });
  });

  it('takes the same key once, even twice in one batch, and refuses it with other details', async () => {
    const [a, b] = await Promise.all([createUser(t.db), createUser(t.db)]);
    await topUp(t.db, a.id, 10_000);
    const before = await counts(t.db);
    const key = `twice:${a.id}`;
    const fillers = Array.from({ length: BATCH_LIMITS.maxInFlight }, (_, i) => post(t.db, pay(`${key}:filler:${i}`, a.id, b.id, 1)));
    const [first, second, conflicting] = await Promise.allSettled([
      post(t.db, pay(key, a.id, b.id, 700)),
      post(t.db, pay(key, a.id, b.id, 700)),
      post(t.db, pay(key, a.id, b.id, 701)),
    ]);
    await Promise.all(fillers);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    const ok = [first, second].map((o) => (o as PromiseFulfilledResult<{ id: number; replayed: boolean }>).value);
    expect(ok[0].id).toBe(ok[1].id);
    expect(ok.filter((r) => r.replayed)).toHaveLength(1);
    expect(conflicting.status).toBe('rejected');
    expect((conflicting as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflict);
    const fillersMoved = BATCH_LIMITS.maxInFlight;
    expect(await counts(t.db)).toEqual({ transfers: before.transfers + 1 + fillersMoved, entries: before.entries + 2 + 2 * fillersMoved });
    expect((await balances(t.db, a.id)).available).toBe(9_300 - fillersMoved);
    // replayed later, alone: the same transfer again
    const again = await post(t.db, pay(key, a.id, b.id, 700));
    expect(again).toMatchObject({ id: ok[0].id, replayed: true });
  });

  it('tells each user once per batch that their wallet changed', async () => {
    const [a, b] = await Promise.all([createUser(t.db), createUser(t.db)]);
    await topUp(t.db, a.id, 10_000);
    const tag = `events:${a.id}`;
    const { rows: before } = await t.db.raw('select coalesce(max(id), 0) as id from outbox');
    await Promise.all(Array.from({ length: 20 }, (_, i) => post(t.db, pay(`${tag}:${i}`, a.id, b.id, 10))));
    const rows = await t.db('outbox').where('id', '>', before[0].id).andWhere({ topic: 'wallet.changed' }).select('payload');
    const forA = rows.filter((r) => r.payload.userId === a.id).length;
    const forB = rows.filter((r) => r.payload.userId === b.id).length;
    expect(forA).toBeGreaterThanOrEqual(1);
    expect(forA).toBe(forB);
    expect(forA).toBeLessThanOrEqual(await transactionsOf(Array.from({ length: 20 }, (_, i) => `${tag}:${i}`)));
  });

  it('inside a transaction it is an ordinary transfer of that transaction', async () => {
    const [a, b] = await Promise.all([createUser(t.db), createUser(t.db)]);
    await topUp(t.db, a.id, 1_000);
    await expect(
      t.db.transaction(async (trx) => {
        await post(trx, pay(`in-trx:${a.id}`, a.id, b.id, 400));
        throw new Error('the caller changes its mind');
      }),
    ).rejects.toThrow('changes its mind');
    expect((await balances(t.db, a.id)).available).toBe(1_000);
    expect((await balances(t.db, b.id)).available).toBe(0);
  });
});

describe('Batcher', () => {
  it('sends a lone item at once and gathers the ones that wait', async () => {
    const seen: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      seen.push(xs);
      await new Promise((r) => setTimeout(r, 20));
      return xs.map((x) => x * 2);
    }, { maxBatch: 10, maxInFlight: 1 });
    expect(await b.submit(1)).toBe(2);
    await new Promise((r) => setTimeout(r, 0));
    const out = await Promise.all([3, 4, 5, 6].map((x) => b.submit(x)));
    expect(out).toEqual([6, 8, 10, 12]);
    expect(seen).toEqual([[1], [3], [4, 5, 6]]);
  });

  it('fails only the item that fails when its batch fails', async () => {
    const b = new Batcher<number, number>(async (xs) => {
      await new Promise((r) => setTimeout(r, 5));
      if (xs.includes(13)) throw new Error('13 is refused');
      return xs;
    }, { maxBatch: 10, maxInFlight: 1 });
    const out = await Promise.allSettled([1, 2, 13, 4, 5].map((x) => b.submit(x)));
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([1, 2, '13 is refused', 4, 5]);
  });
});
