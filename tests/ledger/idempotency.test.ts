import express from 'express';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyField } from '../../views/components/idempotency.js';
import { CONFLICT_MESSAGE, MISSING_KEY_MESSAGE, newIdempotencyKey, once, replyStored, type StoredResponse } from '../../src/http/idempotency.js';
import { readHtmx } from '../../src/http/htmx.js';
import { balances, transfer } from '../../src/ledger/ledger.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';
import { counts, topUp } from './helpers.js';
import { parse } from 'node-html-parser';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());

/** A money-moving request as a controller would write it: pay `amount` from one user to another. */
function payOnce(from: number, to: number, key: unknown, amount: number) {
  return once(t.db, { userId: from, key, scope: 'test.pay', params: { to, amount } }, async (trx: Knex.Transaction): Promise<StoredResponse> => {
    const tr = await transfer(trx, {
      idempotencyKey: `test.pay:${from}:${String(key)}`,
      kind: 'payment',
      legs: [
        { account: { userId: from, type: 'available' }, amount: -amount },
        { account: { userId: to, type: 'available' }, amount },
      ],
    });
    return { status: 303, redirect: `/wallet?t=${tr.id}`, flash: { kind: 'info', text: `Paid ${amount}.` } };
  });
}

async function pair(funds: number) {
  const a = await createUser(t.db);
  const b = await createUser(t.db);
  await topUp(t.db, a.id, funds);
  return { a: a.id, b: b.id };
}

const strip = (r: StoredResponse & { replayed: boolean }) => ({ ...r, replayed: undefined });

describe('once', () => {
  it('the form field carries a fresh key each render', async () => {
    const keys = await Promise.all([IdempotencyField(), IdempotencyField()].map(async (h) => parse(await h).querySelector('input[name="idempotency_key"]')!.getAttribute('value')));
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('the same submission 100 times in a row moves money once and answers the same each time', async () => {
    const { a, b } = await pair(1_000);
    const key = newIdempotencyKey();
    const before = await counts(t.db);
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(await payOnce(a, b, key, 250));
    expect(answers.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(answers.map((r) => JSON.stringify(strip(r)))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 303, flash: { kind: 'info', text: 'Paid 250.' } });
    expect((await counts(t.db)).transfers).toBe(before.transfers + 1);
    expect((await balances(t.db, a)).available).toBe(750);
  });

  it('the same submission 20 times at once moves money once and answers the same each time', async () => {
    const { a, b } = await pair(1_000);
    const key = newIdempotencyKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => payOnce(a, b, key, 600)));
    expect(answers.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(answers.map((r) => JSON.stringify(strip(r)))).size).toBe(1);
    expect((await balances(t.db, a)).available).toBe(400);
    expect((await balances(t.db, b)).available).toBe(600);
  });

  it('refuses the same key with other values and moves nothing', async () => {
    const { a, b } = await pair(1_000);
    const key = newIdempotencyKey();
    await payOnce(a, b, key, 100);
    const before = await counts(t.db);
    const r = await payOnce(a, b, key, 900);
    expect(r).toMatchObject({ status: 422, flash: { kind: 'error', text: CONFLICT_MESSAGE }, replayed: false });
    expect(await counts(t.db)).toEqual(before);
    expect((await balances(t.db, a)).available).toBe(900);
  });

  it('refuses a missing or malformed key without running anything', async () => {
    const { a, b } = await pair(1_000);
    for (const key of [undefined, '', 'short', 'x'.repeat(101), 'has spaces in it!!!!!', ['array']]) {
      const r = await payOnce(a, b, key, 10);
      expect(r).toMatchObject({ status: 422, flash: { text: MISSING_KEY_MESSAGE } });
    }
    expect((await balances(t.db, a)).available).toBe(1_000);
  });

  it('a refusal or a crash inside the work keeps neither the money nor the key', async () => {
    const { a, b } = await pair(100);
    const key = newIdempotencyKey();
    const refused = await once(t.db, { userId: a, key, scope: 'test.pay', params: { to: b, amount: 50 } }, async (trx) => {
      await transfer(trx, { idempotencyKey: `refused:${key}`, kind: 'payment', legs: [{ account: { userId: a, type: 'available' }, amount: -50 }, { account: { userId: b, type: 'available' }, amount: 50 }] });
      return { status: 422, flash: { kind: 'error', text: 'Not today.' } };
    });
    expect(refused).toMatchObject({ status: 422, replayed: false });
    await expect(
      once(t.db, { userId: a, key, scope: 'test.pay', params: { to: b, amount: 50 } }, async (trx) => {
        await transfer(trx, { idempotencyKey: `crash:${key}`, kind: 'payment', legs: [{ account: { userId: a, type: 'available' }, amount: -50 }, { account: { userId: b, type: 'available' }, amount: 50 }] });
        throw new Error('the process died here');
      }),
    ).rejects.toThrow('died');
    expect((await balances(t.db, a)).available).toBe(100);
    expect(await t.db('idempotency_requests').where({ user_id: a, key }).first()).toBeUndefined();
    // the key is still good for the real attempt
    expect(await payOnce(a, b, key, 50)).toMatchObject({ status: 303, replayed: false });
    expect((await balances(t.db, a)).available).toBe(50);
  });
});

describe('replyStored', () => {
  it('answers a plain form with 303 + flash and htmx with HX-Redirect, the same for a replay', async () => {
    const flashes: unknown[] = [];
    const app = express();
    app.use(readHtmx);
    app.use((req, _res, next) => {
      (req as unknown as { session: Record<string, unknown> }).session = {};
      next();
    });
    const stored: StoredResponse = { status: 303, redirect: '/wallet', flash: { kind: 'info', text: 'Paid.' } };
    app.post('/pay', async (req, res) => {
      await replyStored(req, res, stored);
      flashes.push((req as unknown as { session: { flash?: unknown } }).session.flash);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/pay`;
    try {
      for (let i = 0; i < 2; i++) {
        const plain = await fetch(url, { method: 'POST', redirect: 'manual' });
        expect(plain.status).toBe(303);
        expect(plain.headers.get('location')).toBe('/wallet');
        const htmx = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'HX-Request': 'true' } });
        expect(htmx.status).toBe(200);
        expect(htmx.headers.get('hx-redirect')).toBe('/wallet');
      }
      expect(flashes).toEqual(Array(4).fill({ kind: 'info', text: 'Paid.' }));
    } finally {
      server.close();
    }
  });
});
