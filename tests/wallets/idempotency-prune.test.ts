import type { Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pruneIdempotencyJob } from '../../jobs/wallets/prune-idempotency.job.js';
import { walletsJobs } from '../../jobs/wallets/index.js';
import { loadConfig } from '../../src/config.js';
import { EXPIRED_MESSAGE, isExpiredKey, keyIssuedAt, newIdempotencyKey, once, pruneIdempotencyRecords, type StoredResponse } from '../../src/http/idempotency.js';
import { balances, transfer } from '../../src/ledger/ledger.js';
import { clock } from '../../src/lib/clock.js';
import { randomToken } from '../../src/lib/ids.js';
import type { Queues } from '../../src/queue.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { text } from '../http.js';
import { formKey, fund, signedIn } from '../payouts/helpers.js';
import { credit, topupForm } from './helpers.js';

const DAY = 24 * 3600_000;

let app: TestApp;
beforeAll(async () => {
  // sessions outlive the month these tests move the clock by
  app = await startTestApp({ worker: false, env: { SESSION_ABSOLUTE_HOURS: String(24 * 365), RATE_SIGNIN_PER_IP: '1000' } });
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

const rt = (env: NodeJS.ProcessEnv = {}) => ({ db: app.db, config: loadConfig({ ...app.env, ...env }), log: pino({ level: 'silent' }) });

/** Idempotency records of one user written straight into the table, `ageDays` old. */
async function records(userId: number, ageDays: number[]): Promise<string[]> {
  const keys = ageDays.map(() => newIdempotencyKey());
  await app.db('idempotency_requests').insert(
    ageDays.map((d, i) => ({ user_id: userId, key: keys[i], scope: 'test', params_hash: 'h', response: JSON.stringify({ status: 303, redirect: '/wallet' }), created_at: new Date(clock.nowMs() - d * DAY) })),
  );
  return keys;
}

const keysOf = async (userId: number) => (await app.db('idempotency_requests').where({ user_id: userId }).pluck('key')).sort();

describe('pruning idempotency records', () => {
  it('deletes records older than the retention window and keeps recent ones', async () => {
    const u = await createUser(app.db);
    const [old, older] = await records(u.id, [31, 400, 29, 1, 0]);
    const kept = (await keysOf(u.id)).filter((k) => k !== old && k !== older);
    expect(await pruneIdempotencyJob(rt())).toMatchObject({ deleted: expect.any(Number) });
    expect(await keysOf(u.id)).toEqual(kept);
    // nothing more to do the second time
    expect(await pruneIdempotencyJob(rt())).toEqual({ deleted: 0 });
    expect(await keysOf(u.id)).toEqual(kept);
  });

  it('follows IDEMPOTENCY_RETENTION_DAYS', async () => {
    const u = await createUser(app.db);
    const [, recent] = await records(u.id, [8, 6]);
    await pruneIdempotencyJob(rt({ IDEMPOTENCY_RETENTION_DAYS: '7' }));
    expect(await keysOf(u.id)).toEqual([recent]);
    expect(() => loadConfig({ ...app.env, IDEMPOTENCY_RETENTION_DAYS: '0' })).toThrow('IDEMPOTENCY_RETENTION_DAYS');
    expect(loadConfig(app.env).IDEMPOTENCY_RETENTION_DAYS).toBe(30);
  });

  it('deletes a large backlog in batches', async () => {
    const u = await createUser(app.db);
    await app.db.raw(
      `insert into idempotency_requests (user_id, key, scope, params_hash, response, created_at)
       select ?, 'backlog-key-' || lpad(n::text, 8, '0'), 'test', 'h', '{}', now() - interval '90 days' from generate_series(1, 12003) n`,
      [u.id],
    );
    const [recent] = await records(u.id, [0]);
    expect(await pruneIdempotencyRecords(app.db)).toBeGreaterThanOrEqual(12_003);
    expect(await keysOf(u.id)).toEqual([recent]);
  });

  it('runs daily on the maintenance queue, registered idempotently', async () => {
    expect(walletsJobs.processors.maintenance?.['prune-idempotency']).toBeTypeOf('function');
    const calls: unknown[][] = [];
    const queues = { maintenance: { upsertJobScheduler: async (...args: unknown[]) => void calls.push(args) } } as unknown as Queues;
    await walletsJobs.schedules!(queues);
    await walletsJobs.schedules!(queues);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(calls[1]);
    expect(calls[0][0]).toBe('prune-idempotency');
    expect(calls[0][1]).toMatchObject({ pattern: expect.stringMatching(/^\d+ \d+ \* \* \*$/) });
  });
});

describe('a form older than the retention window', () => {
  /** Pays 100 from a to b once per key, as a money-moving controller would. */
  function pay(db: Knex, from: number, to: number, key: unknown) {
    let ran = 0;
    const result = once(db, { userId: from, key, scope: 'test.pay', params: { to }, retentionDays: 30 }, async (trx): Promise<StoredResponse> => {
      ran++;
      await transfer(trx, {
        idempotencyKey: `test.pay:${from}:${String(key)}:${randomToken(4)}`,
        kind: 'payment',
        legs: [
          { account: { userId: from, type: 'available' }, amount: -100 },
          { account: { userId: to, type: 'available' }, amount: 100 },
        ],
      });
      return { status: 303, redirect: '/wallet', flash: { kind: 'info', text: 'Paid.' } };
    });
    return result.then((r) => ({ ...r, ran }));
  }

  it('keys carry the time they were issued', () => {
    const at = Date.parse('2026-11-21T12:00:00Z');
    const key = newIdempotencyKey(at);
    expect(key).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
    expect(keyIssuedAt(key)).toBe(at);
    expect(isExpiredKey(key, 30, at + 30 * DAY - 1)).toBe(false);
    expect(isExpiredKey(key, 30, at + 30 * DAY + 1)).toBe(true);
    // a key that says nothing of its age cannot prove it is recent
    expect(keyIssuedAt(randomToken(16))).toBeNull();
    expect(isExpiredKey(randomToken(16))).toBe(true);
  });

  it('is answered from its record while kept, then refused as expired without running again', async () => {
    const a = await createUser(app.db);
    const b = await createUser(app.db);
    await credit(app.db, a.id, 1_000);
    const key = newIdempotencyKey();
    expect(await pay(app.db, a.id, b.id, key)).toMatchObject({ status: 303, replayed: false, ran: 1 });

    clock.advance(31 * DAY);
    // the record is still there: the same answer, nothing moves
    expect(await pay(app.db, a.id, b.id, key)).toMatchObject({ status: 303, flash: { text: 'Paid.' }, replayed: true, ran: 0 });
    expect(await pruneIdempotencyJob(rt())).toMatchObject({ deleted: expect.any(Number) });
    expect(await app.db('idempotency_requests').where({ user_id: a.id, key }).first()).toBeUndefined();
    // the record is gone: refused, nothing moves and no record is written
    expect(await pay(app.db, a.id, b.id, key)).toMatchObject({ status: 422, flash: { kind: 'error', text: EXPIRED_MESSAGE }, replayed: false, ran: 0 });
    expect(await app.db('idempotency_requests').where({ user_id: a.id, key }).first()).toBeUndefined();
    expect((await balances(app.db, a.id)).available).toBe(900);
    expect((await balances(app.db, b.id)).available).toBe(100);
  });

  it('is refused even if it was never submitted, and so is a key without an issue time', async () => {
    const a = await createUser(app.db);
    const b = await createUser(app.db);
    await credit(app.db, a.id, 1_000);
    const stale = newIdempotencyKey(clock.nowMs() - 31 * DAY);
    expect(await pay(app.db, a.id, b.id, stale)).toMatchObject({ status: 422, flash: { text: EXPIRED_MESSAGE }, ran: 0 });
    expect(await pay(app.db, a.id, b.id, randomToken(16))).toMatchObject({ status: 422, flash: { text: EXPIRED_MESSAGE }, ran: 0 });
    expect(await pay(app.db, a.id, b.id, newIdempotencyKey(clock.nowMs() - 29 * DAY))).toMatchObject({ status: 303, ran: 1 });
    expect((await balances(app.db, a.id)).available).toBe(900);
  });
});

describe('an expired form in the browser', () => {
  const count = async (table: string, where: Record<string, unknown>) => Number((await app.db(table).where(where).count('* as n').first())?.n);

  it('a top-up form replayed after its record was pruned changes nothing and says why', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(app, user);
    const submitted = await topupForm(c, '12');
    const untouched = await topupForm(c, '15');
    const first = await c.post('/wallet/topups', submitted, { follow: false });
    expect(first.status).toBe(303);
    const payments = await count('gateway_payments', {});
    expect(await count('topups', { user_id: user.id })).toBe(1);

    clock.advance(31 * DAY);
    const replay = await c.post('/wallet/topups', submitted, { follow: false });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));

    await pruneIdempotencyJob(rt());
    for (const form of [submitted, untouched]) {
      const page = await c.post('/wallet/topups', form, { follow: false });
      expect(page.status).toBe(422);
      expect(text(page.doc.querySelector('#topup-form .form-error'))).toBe(EXPIRED_MESSAGE);
      // the page offers a fresh form that works
      expect(formKey(page, 'topup-form')).not.toBe(form.idempotency_key);
    }
    expect(await count('topups', { user_id: user.id })).toBe(1);
    expect(await count('gateway_payments', {})).toBe(payments);

    const fresh = await c.post('/wallet/topups', await topupForm(c, '12'), { follow: false });
    expect(fresh.status).toBe(303);
    expect(await count('topups', { user_id: user.id })).toBe(2);
  });

  it('a payout form older than the window requests nothing and says why', async () => {
    const user = await createUser(app.db);
    await fund(app.db, user.id, 5_000);
    const c = await signedIn(app, user);
    await c.get('/wallet/payouts');
    const saved = await c.post('/wallet/payout-methods', { holder_name: 'Ana Lima', account_number: '000123456789' });
    const methodId = saved.doc.querySelector('#f-method_id option')!.getAttribute('value')!;
    const form = { method_id: methodId, amount: '20', idempotency_key: formKey(await c.get('/wallet/payouts'), 'payout-form') };

    clock.advance(31 * DAY);
    const page = await c.post('/wallet/payouts', form);
    expect(page.status).toBe(422);
    expect(page.html).toContain(EXPIRED_MESSAGE);
    expect(await count('payouts', { user_id: user.id })).toBe(0);
    expect(await balances(app.db, user.id)).toMatchObject({ available: 5_000, payout_pending: 0 });
  });
});
