import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHold, HoldAlreadyResolved, placeHold, releaseHold } from '../../src/ledger/holds.js';
import { balances, IdempotencyConflict, InsufficientFunds, verifyLedger } from '../../src/ledger/ledger.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { counts, topUp } from './helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  if (t) expect(await verifyLedger(t.db)).toEqual([]);
  await t?.drop();
});

async function buyerAndSeller(funds: number) {
  const buyer = await createUser(t.db);
  const seller = await createUser(t.db);
  await topUp(t.db, buyer.id, funds);
  return { buyer: buyer.id, seller: seller.id };
}

const revenue = async () => Number((await t.db('ledger_accounts').where({ user_id: null, type: 'revenue' }).first())?.balance ?? 0);
const holdRow = (id: number) => t.db('holds').where({ id }).first();

describe('holds', () => {
  it('holds money, then captures all of it: seller minus fee, fee to revenue', async () => {
    const { buyer, seller } = await buyerAndSeller(10_000);
    const rev = await revenue();
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 6_000, reference: { type: 'order', id: 1 } }));
    expect(await balances(t.db, buyer)).toMatchObject({ available: 4_000, held: 6_000 });
    await t.db.transaction((trx) =>
      captureHold(trx, { idempotencyKey: `c:${holdId}`, holdId, amount: 6_000, to: { userId: seller, type: 'available' }, fee: { amount: 600, to: { platform: 'revenue' } } }),
    );
    expect(await balances(t.db, buyer)).toMatchObject({ available: 4_000, held: 0 });
    expect((await balances(t.db, seller)).available).toBe(5_400);
    expect((await revenue()) - rev).toBe(600);
    expect(await holdRow(holdId)).toMatchObject({ status: 'captured', captured_amount: 6_000, reference_type: 'order', reference_id: '1' });
  });

  it('a partial capture gives the rest back to the buyer', async () => {
    const { buyer, seller } = await buyerAndSeller(1_000);
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 1_000 }));
    await t.db.transaction((trx) => captureHold(trx, { idempotencyKey: `c:${holdId}`, holdId, amount: 700, to: { userId: seller, type: 'available' } }));
    expect(await balances(t.db, buyer)).toMatchObject({ available: 300, held: 0 });
    expect((await balances(t.db, seller)).available).toBe(700);
    expect(await holdRow(holdId)).toMatchObject({ status: 'captured', captured_amount: 700 });
  });

  it('a release gives everything back, and a hold beyond the balance is refused', async () => {
    const { buyer } = await buyerAndSeller(500);
    await expect(t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `big:${buyer}`, userId: buyer, amount: 501 }))).rejects.toBeInstanceOf(InsufficientFunds);
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 500 }));
    await t.db.transaction((trx) => releaseHold(trx, { idempotencyKey: `r:${holdId}`, holdId }));
    expect(await balances(t.db, buyer)).toMatchObject({ available: 500, held: 0 });
    expect(await holdRow(holdId)).toMatchObject({ status: 'released', captured_amount: null });
  });

  it('placing the same hold twice returns the same hold', async () => {
    const { buyer } = await buyerAndSeller(500);
    const results = await Promise.all(Array.from({ length: 10 }, () => t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `same:${buyer}`, userId: buyer, amount: 300 }))));
    expect(new Set(results.map((r) => r.holdId)).size).toBe(1);
    expect(await balances(t.db, buyer)).toMatchObject({ available: 200, held: 300 });
  });

  it('a capture and a release racing for one hold: exactly one wins, the others are told it is resolved', async () => {
    const { buyer, seller } = await buyerAndSeller(2_000);
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 2_000 }));
    const before = await counts(t.db);
    const attempts = Array.from({ length: 12 }, (_, i) =>
      t.db.transaction((trx) =>
        i % 2 === 0
          ? captureHold(trx, { idempotencyKey: `cap-${i}:${holdId}`, holdId, amount: 1_500, to: { userId: seller, type: 'available' }, fee: { amount: 100, to: { platform: 'revenue' } } })
          : releaseHold(trx, { idempotencyKey: `rel-${i}:${holdId}`, holdId }),
      ),
    );
    const settled = await Promise.allSettled(attempts);
    const won = settled.filter((s) => s.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(HoldAlreadyResolved);
    expect((await counts(t.db)).transfers).toBe(before.transfers + 1);
    const hold = await holdRow(holdId);
    const b = await balances(t.db, buyer);
    expect(b.held).toBe(0);
    if (hold.status === 'captured') {
      expect(b.available).toBe(500);
      expect((await balances(t.db, seller)).available).toBe(1_400);
    } else {
      expect(b.available).toBe(2_000);
      expect((await balances(t.db, seller)).available).toBe(0);
    }
  });

  it('the same capture sent 20 times at once captures once; another amount under that key is refused', async () => {
    const { buyer, seller } = await buyerAndSeller(1_000);
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 1_000 }));
    const capture = (amount: number) =>
      t.db.transaction((trx) => captureHold(trx, { idempotencyKey: `c:${holdId}`, holdId, amount, to: { userId: seller, type: 'available' } }));
    const results = await Promise.all(Array.from({ length: 20 }, () => capture(800)));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await balances(t.db, seller)).available).toBe(800);
    await expect(capture(900)).rejects.toBeInstanceOf(IdempotencyConflict);
    await expect(t.db.transaction((trx) => releaseHold(trx, { idempotencyKey: `r:${holdId}`, holdId }))).rejects.toBeInstanceOf(HoldAlreadyResolved);
    expect(await balances(t.db, buyer)).toMatchObject({ available: 200, held: 0 });
  });

  it('the database refuses to resolve a hold twice or change what was held', async () => {
    const { buyer } = await buyerAndSeller(100);
    const { holdId } = await t.db.transaction((trx) => placeHold(trx, { idempotencyKey: `h:${buyer}`, userId: buyer, amount: 100 }));
    await expect(t.db('holds').where({ id: holdId }).update({ amount: 1 })).rejects.toThrow(/cannot change/);
    await t.db.transaction((trx) => releaseHold(trx, { idempotencyKey: `r:${holdId}`, holdId }));
    await expect(t.db('holds').where({ id: holdId }).update({ status: 'open', resolved_transfer_id: null, resolved_at: null })).rejects.toThrow(/already released/);
    await expect(t.db('holds').where({ id: holdId }).del()).rejects.toThrow(/never deleted/);
  });
});
