import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.js';
import { createDispatch } from '../../src/events.js';
import { notifyFromEvent } from '../../src/notifications/notifications.js';
import { emit, type OutboxEvent } from '../../src/outbox/outbox.js';
import { OutboxRelay } from '../../src/outbox/relay.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { LiveBus } from '../../src/realtime/bus.js';
import { createRedis } from '../../src/redis.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());
beforeEach(async () => {
  // each test starts with an empty outbox (this file's own database)
  await t.db('notifications').del();
  await t.db('outbox').del();
});

function recorder() {
  const seen: OutboxEvent[] = [];
  const dispatch = async (e: OutboxEvent) => {
    seen.push(e);
  };
  return { seen, dispatch };
}

const relayOf = (db: Db, dispatch: (e: OutboxEvent) => Promise<void>, batch?: number) =>
  new OutboxRelay(db, dispatch, { databaseUrl: t.databaseUrl, pollMs: 60_000, batch });

describe('the outbox', () => {
  it('never delivers an event whose transaction rolled back', async () => {
    const { seen, dispatch } = recorder();
    await expect(
      t.db.transaction(async (trx) => {
        await emit(trx, 'test.rolled_back', { n: 1 });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    // a savepoint rolled back inside a transaction that commits also leaves nothing
    await t.db.transaction(async (trx) => {
      await trx
        .transaction(async (sp) => {
          await emit(sp, 'test.rolled_back', { n: 2 });
          throw new Error('inner');
        })
        .catch(() => {});
      await emit(trx, 'test.kept', { n: 3 });
    });
    const handled = await relayOf(t.db, dispatch).drain();
    expect(handled).toBe(1);
    expect(seen.map((e) => e.topic)).toEqual(['test.kept']);
    expect(await t.db('outbox').where({ topic: 'test.rolled_back' })).toEqual([]);
  });

  it('delivers committed events once per pass, in order, and marks them published', async () => {
    const { seen, dispatch } = recorder();
    await t.db.transaction(async (trx) => {
      for (let i = 0; i < 5; i++) await emit(trx, 'test.committed', { i });
    });
    const relay = relayOf(t.db, dispatch, 2);
    expect(await relay.drain()).toBe(5);
    expect(seen.map((e) => e.payload.i)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.every((e) => e.topic === 'test.committed' && e.created_at instanceof Date)).toBe(true);
    const rows = await t.db('outbox').where({ topic: 'test.committed' });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.published_at !== null)).toBe(true);
    // a second pass has nothing left to do
    expect(await relay.drain()).toBe(0);
    expect(seen).toHaveLength(5);
  });

  it('keeps an event whose consumer failed, and delivers it on the next pass', async () => {
    await t.db.transaction((trx) => emit(trx, 'test.flaky', { n: 1 }));
    let fail = true;
    const seen: number[] = [];
    const relay = relayOf(t.db, async (e) => {
      seen.push(e.id);
      if (fail) throw new Error('consumer down');
    });
    await expect(relay.drain()).rejects.toThrow('consumer down');
    expect((await t.db('outbox').where({ topic: 'test.flaky' }).first()).published_at).toBeNull();
    fail = false;
    expect(await relay.drain()).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect((await t.db('outbox').where({ topic: 'test.flaky' }).first()).published_at).not.toBeNull();
  });

  it('a relay wakes up on commit (LISTEN/NOTIFY), without waiting for its poll', async () => {
    const { seen, dispatch } = recorder();
    const relay = relayOf(t.db, dispatch);
    await relay.start();
    try {
      // the first pass at start finds nothing; the next one is due in a minute
      await t.db.transaction((trx) => emit(trx, 'test.woken', { n: 1 }));
      const end = Date.now() + 8000;
      while (seen.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.topic)).toEqual(['test.woken']);
    } finally {
      await relay.stop();
    }
  });

  it('two relays draining at once each handle a share, and no event twice', async () => {
    const N = 200;
    await t.db.transaction(async (trx) => {
      for (let i = 0; i < N; i += 50) {
        await trx('outbox').insert(Array.from({ length: 50 }, (_, k) => ({ topic: 'test.concurrent', payload: JSON.stringify({ i: i + k }) })));
      }
    });
    const dbA = createDb(t.databaseUrl, 2);
    const dbB = createDb(t.databaseUrl, 2);
    try {
      const byRelay: Record<'A' | 'B', number[]> = { A: [], B: [] };
      const consumer = (name: 'A' | 'B') => async (e: OutboxEvent) => {
        byRelay[name].push(e.id);
        // hand the event on somewhere, as the real consumer does (Redis/BullMQ round trip)
        await new Promise((r) => setImmediate(r));
      };
      const relayA = relayOf(dbA, consumer('A'), 10);
      const relayB = relayOf(dbB, consumer('B'), 10);
      const [a, b] = await Promise.all([relayA.drain(), relayB.drain()]);
      expect(a + b).toBe(N);
      const all = [...byRelay.A, ...byRelay.B];
      const ids = (await t.db('outbox').where({ topic: 'test.concurrent' }).select('id')).map((r) => r.id);
      expect(new Set(all)).toEqual(new Set(ids));
      expect(all).toHaveLength(N);
      expect(byRelay.A.length).toBeGreaterThan(0);
      expect(byRelay.B.length).toBeGreaterThan(0);
      expect(await t.db('outbox').whereNull('published_at')).toEqual([]);
    } finally {
      await Promise.all([dbA.destroy(), dbB.destroy()]);
    }
  });
});

describe('consumers are idempotent', () => {
  async function committedEvent(topic: string, payload: Record<string, unknown>): Promise<OutboxEvent> {
    await t.db.transaction((trx) => emit(trx, topic, payload));
    return t.db('outbox').where({ topic }).orderBy('id', 'desc').first();
  }

  it('notifyFromEvent run twice for one event creates one notification and announces it once', async () => {
    const u = await createUser(t.db);
    const event = await committedEvent('user.unblocked', { userId: u.id, reason: 'Appeal accepted' });
    const first = await notifyFromEvent(t.db, event);
    const second = await notifyFromEvent(t.db, event);
    expect(first).toHaveLength(1);
    expect(second).toEqual([]);
    const rows = await t.db('notifications').where({ user_id: u.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'account.unblocked', source_event_id: event.id, body: 'Appeal accepted' });
    expect(await t.db('outbox').where({ topic: 'notification.created' })).toHaveLength(1);
  });

  it('notifyFromEvent run concurrently for one event still creates one notification', async () => {
    const u = await createUser(t.db);
    const event = await committedEvent('seller_application.decided', { userId: u.id, status: 'approved', shopName: 'Brass & Co' });
    const results = await Promise.all([notifyFromEvent(t.db, event), notifyFromEvent(t.db, event), notifyFromEvent(t.db, event)]);
    expect(results.flat()).toHaveLength(1);
    expect(await t.db('notifications').where({ user_id: u.id })).toHaveLength(1);
    expect(await t.db('outbox').where({ topic: 'notification.created' })).toHaveLength(1);
  });

  describe('the relay dispatch', () => {
    let redis: Redis;
    let queues: Queues;
    beforeAll(() => {
      redis = createRedis(t.redisUrl);
      queues = createQueues(createRedis(t.redisUrl, { maxRetriesPerRequest: null }), t.redisPrefix);
    });
    afterAll(async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      redis.disconnect();
    });

    it('enqueues one job per event even when the event is dispatched twice', async () => {
      const u = await createUser(t.db);
      const event = await committedEvent('user.unblocked', { userId: u.id, reason: 'Appeal accepted' });
      const dispatch = createDispatch(new LiveBus(redis, t.redisPrefix), queues);
      await dispatch(event);
      await dispatch(event);
      const jobs = await queues.notifications.getJobs(['waiting', 'delayed', 'active', 'completed']);
      const forEvent = jobs.filter((j) => j.data.id === event.id);
      expect(forEvent).toHaveLength(1);
      expect(forEvent[0].id).toBe(`from-event-${event.id}`);
    });
  });
});
