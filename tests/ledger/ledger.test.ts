import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balances,
  history,
  IdempotencyConflict,
  InsufficientFunds,
  InvalidTransfer,
  transfer,
  trialBalance,
  verifyLedger,
  type TransferInput,
} from '../../src/ledger/ledger.js';
import { someoneWaitsForALock } from '../app.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { counts, events, pay, topUp } from './helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());

describe('transfer', () => {
  it('moves money between accounts, keeps balances and history, and balances to zero', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 10_000);
    const tr = await t.db.transaction((trx) => transfer(trx, pay(`p1:${a.id}`, a.id, b.id, 2_500)));
    expect(tr.replayed).toBe(false);
    expect(tr.kind).toBe('payment');
    expect(await balances(t.db, a.id)).toEqual({ available: 7_500, held: 0, payout_pending: 0, currency: 'EUR' });
    expect((await balances(t.db, b.id)).available).toBe(2_500);

    const rows = await history(t.db, a.id);
    expect(rows.map((r) => [r.kind, r.amount, r.balance_after])).toEqual([
      ['payment', -2_500, 7_500],
      ['topup', 10_000, 10_000],
    ]);
    expect(await history(t.db, a.id, { kind: 'topup' })).toHaveLength(1);
    const page2 = await history(t.db, a.id, { limit: 1, before: rows[0].entry_id });
    expect(page2.map((r) => r.kind)).toEqual(['topup']);
    expect(await verifyLedger(t.db)).toEqual([]);
    expect((await trialBalance(t.db)).balanced).toBe(true);
  });

  it('replays the same key 100 times in a row as one transfer with identical results', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 1_000);
    const before = await counts(t.db);
    const results = [];
    for (let i = 0; i < 100; i++) results.push(await t.db.transaction((trx) => transfer(trx, pay(`seq:${a.id}`, a.id, b.id, 300))));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify({ ...r, replayed: undefined }))).size).toBe(1);
    expect(await counts(t.db)).toEqual({ transfers: before.transfers + 1, entries: before.entries + 2 });
    expect((await balances(t.db, a.id)).available).toBe(700);
  });

  it('replays the same key sent 20 times at once as one transfer', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 500);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.db.transaction((trx) => transfer(trx, pay(`conc:${a.id}`, a.id, b.id, 400)))),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    // the funds only cover one: every twin answered with the transfer, none with InsufficientFunds
    expect(await balances(t.db, a.id)).toMatchObject({ available: 100 });
    expect((await balances(t.db, b.id)).available).toBe(400);
  });

  it('refuses the same key with different legs and moves nothing', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 1_000);
    await t.db.transaction((trx) => transfer(trx, pay(`diff:${a.id}`, a.id, b.id, 100)));
    const before = await counts(t.db);
    await expect(t.db.transaction((trx) => transfer(trx, pay(`diff:${a.id}`, a.id, b.id, 101)))).rejects.toBeInstanceOf(IdempotencyConflict);
    await expect(t.db.transaction((trx) => transfer(trx, { ...pay(`diff:${a.id}`, a.id, b.id, 100), kind: 'other' }))).rejects.toBeInstanceOf(IdempotencyConflict);
    expect(await counts(t.db)).toEqual(before);
    expect((await balances(t.db, a.id)).available).toBe(900);
  });

  it('refuses to overdraw a user balance and leaves everything unchanged', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 100);
    const before = await counts(t.db);
    const outboxBefore = (await events(t.db, 'wallet.changed')).length;
    const err = await t.db.transaction((trx) => transfer(trx, pay(`over:${a.id}`, a.id, b.id, 101))).catch((e) => e);
    expect(err).toBeInstanceOf(InsufficientFunds);
    expect(err).toMatchObject({ userId: a.id, account: 'available' });
    expect(await counts(t.db)).toEqual(before);
    expect((await events(t.db, 'wallet.changed')).length).toBe(outboxBefore);
    expect(await balances(t.db, a.id)).toMatchObject({ available: 100 });
    // the key was not spent: once the money is there, the same operation goes through
    await topUp(t.db, a.id, 1);
    expect((await t.db.transaction((trx) => transfer(trx, pay(`over:${a.id}`, a.id, b.id, 101)))).replayed).toBe(false);
  });

  it('a caller that catches InsufficientFunds and commits leaves no trace', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    const before = await counts(t.db);
    await t.db.transaction(async (trx) => {
      await expect(transfer(trx, pay(`caught:${a.id}`, a.id, b.id, 5))).rejects.toBeInstanceOf(InsufficientFunds);
    });
    expect(await counts(t.db)).toEqual(before);
  });

  it('rejects malformed transfers', async () => {
    const a = await createUser(t.db);
    const bad: TransferInput[] = [
      { ...pay('bad1', a.id, a.id, 1), legs: [{ account: { userId: a.id, type: 'available' }, amount: 1 }] },
      { ...pay('bad2', a.id, a.id, 1), legs: [{ account: { platform: 'revenue' }, amount: 1 }, { account: { userId: a.id, type: 'available' }, amount: -2 }] },
      { ...pay('bad3', a.id, a.id, 1), legs: [{ account: { platform: 'revenue' }, amount: 1.5 }, { account: { platform: 'promotions' }, amount: -1.5 }] },
      { ...pay('bad4', a.id, a.id, 1), legs: [{ account: { platform: 'revenue' }, amount: 0 }, { account: { platform: 'promotions' }, amount: 0 }] },
      { ...pay('', a.id, a.id, 1) },
    ];
    for (const input of bad) await expect(t.db.transaction((trx) => transfer(trx, input))).rejects.toBeInstanceOf(InvalidTransfer);
  });

  it('emits wallet.changed for each user only when the transaction commits', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await topUp(t.db, a.id, 1_000);
    const mine = async () => (await events(t.db, 'wallet.changed')).filter((p) => p.userId === a.id || p.userId === b.id);
    const before = (await mine()).length;
    await expect(
      t.db.transaction(async (trx) => {
        await transfer(trx, pay(`rb:${a.id}`, a.id, b.id, 10));
        throw new Error('caller fails after the transfer');
      }),
    ).rejects.toThrow('caller fails');
    expect((await mine()).length).toBe(before);
    expect((await balances(t.db, b.id)).available).toBe(0);
    await t.db.transaction((trx) => transfer(trx, pay(`rb:${a.id}`, a.id, b.id, 10)));
    const after = (await mine()).slice(before);
    expect(after.map((p) => p.userId).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('first use of an account', () => {
  it('two transactions opening the same new accounts at once, one holding the platform’s revenue, both go through', async () => {
    const buyerA = await createUser(t.db);
    const buyerB = await createUser(t.db);
    const seller = await createUser(t.db); // no accounts yet: the sales below open them
    await topUp(t.db, buyerA.id, 5_000);
    await topUp(t.db, buyerB.id, 5_000);
    const sale = (key: string, buyer: number, fee: number): TransferInput => ({
      idempotencyKey: `${key}:${seller.id}`,
      kind: 'sale',
      legs: [
        { account: { userId: buyer, type: 'available' }, amount: -1_000 },
        { account: { userId: seller.id, type: 'available' }, amount: 1_000 - fee },
        ...(fee ? [{ account: { platform: 'revenue' as const }, amount: fee }] : []),
      ],
    });
    // one transaction opens the seller's accounts with a sale without a fee, and stays open
    const first = await t.db.transaction();
    try {
      await transfer(first, sale('no-fee', buyerA.id, 0));
      // another sale to the same seller, with a fee to the platform's revenue, waits for those accounts
      const second = t.db.transaction((trx) => transfer(trx, sale('fee', buyerB.id, 100)));
      await someoneWaitsForALock(t.db);
      // the first transaction now needs the platform's revenue too
      await transfer(first, sale('fee-too', buyerA.id, 50));
      await first.commit();
      expect((await second).replayed).toBe(false);
    } finally {
      if (!first.isCompleted()) await first.rollback();
    }
    expect(await balances(t.db, seller.id)).toMatchObject({ available: 1_000 + 900 + 950 });
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});

describe('the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of entries and transfers', async () => {
    const a = await createUser(t.db);
    await topUp(t.db, a.id, 50);
    for (const sql of [
      'update ledger_entries set amount = amount + 1',
      'delete from ledger_entries',
      'truncate ledger_entries cascade',
      "update ledger_transfers set kind = 'x'",
      'delete from ledger_transfers',
      'truncate ledger_transfers cascade',
    ]) {
      await expect(t.db.raw(sql), sql).rejects.toThrow(/append-only/);
    }
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it('refuses an unbalanced transfer and a negative user balance written by hand', async () => {
    const a = await createUser(t.db);
    await topUp(t.db, a.id, 50);
    const [acc] = await t.db('ledger_accounts').where({ user_id: a.id, type: 'available' });
    await expect(
      t.db.transaction(async (trx) => {
        const [tr] = await trx('ledger_transfers')
          .insert({ idempotency_key: `raw:${a.id}`, kind: 'raw', currency: 'EUR', params_hash: 'x', created_at: new Date() })
          .returning('id');
        await trx('ledger_entries').insert({ transfer_id: tr.id, account_id: acc.id, amount: 5, created_at: new Date() });
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(t.db('ledger_accounts').where({ id: acc.id }).update({ balance: -1 })).rejects.toThrow(/not_negative/);
    await expect(
      t.db('ledger_transfers').insert({ idempotency_key: `empty:${a.id}`, kind: 'raw', currency: 'EUR', params_hash: 'x', created_at: new Date() }),
    ).rejects.toThrow(/no entries/);
  });
});
