import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { placePaidOrder } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { SCHEDULES_RECHECK_SECONDS: '1' } });
});
afterAll(async () => {
  clock.reset();
  await app.stop();
});

/** Everything this installation keeps in Redis, gone: queues, delayed jobs, schedulers. */
async function loseRedis(): Promise<number> {
  const r = createRedis(app.redisUrl);
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${app.redisPrefix}*`, 'COUNT', 500);
    if (keys.length) n += await r.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  r.disconnect();
  return n;
}

describe('Redis losing its data', () => {
  it('an unpaid order whose delayed job vanished still lapses once, from the timer kept in Postgres', async () => {
    const { order, listing } = await placePaidOrder(app.db, { payWith: 'card' });
    // the delayed expiry job and every scheduler are queued, then Redis forgets them
    await eventually(async () => (await createRedis(app.redisUrl).keys(`${app.redisPrefix}bull:money:*`)).length > 0);
    expect(await loseRedis()).toBeGreaterThan(0);

    clock.advance(16 * 60_000);
    await eventually(async () => (await app.db('orders').where({ id: order.id }).first()).status === 'cancelled', 30_000);
    const row = await app.db('listings').where({ id: listing.id }).first('reserved');
    expect(row.reserved).toBe(0);
    // the sweep runs again and again; the order lapsed once
    await eventually(async () => Number((await app.db('outbox').where({ topic: 'order.lapsed' }).count({ n: '*' }).first())?.n) === 1);
    const released = await app.db('stock_movements').where({ order_id: order.id, kind: 'released' }).count({ n: '*' }).first();
    expect(Number(released?.n)).toBe(1);
  }, 60_000);
});
