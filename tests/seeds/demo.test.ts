import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAuction } from '../../src/auctions/closing.js';
import { createDb, type Db } from '../../src/db.js';
import { refreshDemo, seedDemo } from '../../seeds/demo.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { settings } from '../auctions/helpers.js';

let t: TestEnv;
let db: Db;
const images = process.env.DEMO_IMAGES;

beforeAll(async () => {
  t = await createTestEnv();
  db = createDb(t.databaseUrl, 4);
  process.env.DEMO_IMAGES = 'off';
});
afterAll(async () => {
  if (images === undefined) delete process.env.DEMO_IMAGES;
  else process.env.DEMO_IMAGES = images;
  await db?.destroy();
  await t?.drop();
});

/** Open auctions of the demo seller ending within `minutes`, with their bid counts. */
const endingWithin = (minutes: number) =>
  db('auctions as a')
    .join('users as u', 'u.id', 'a.seller_id')
    .where('u.email', 'seller@souk.test')
    .where('a.status', 'open')
    .where('a.ends_at', '<', new Date(Date.now() + minutes * 60_000))
    .select('a.id', 'a.bid_count');

describe('demo data', () => {
  it('loads once: shops, listings, orders, and live auctions of which some end within minutes, with bids', async () => {
    expect(await seedDemo(db)).toBe(true);
    expect(Number((await db('listings').where({ status: 'active' }).count('* as n'))[0].n)).toBeGreaterThan(100);
    expect(Number((await db('orders').count('* as n'))[0].n)).toBeGreaterThan(0);
    expect(Number((await db('sellers').whereNotNull('slug').count('* as n'))[0].n)).toBeGreaterThan(1);
    expect(Number((await db('search_synonyms').count('* as n'))[0].n)).toBeGreaterThan(0);
    const soon = await endingWithin(15);
    expect(soon).toHaveLength(2);
    expect(soon.every((a) => a.bid_count > 0)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
  }, 120_000);

  it('on a later start, makes auctions that end within minutes again once the last ones closed', async () => {
    expect(await refreshDemo(db)).toBe(0);
    // the first ones end and close
    const first = await endingWithin(15);
    await db('auctions').whereIn('id', first.map((a) => a.id)).update({ ends_at: new Date(Date.now() - 1000) });
    for (const a of first) expect(['closed', 'done']).toContain((await closeAuction(db, a.id, settings)).result);
    expect(await endingWithin(15)).toHaveLength(0);

    expect(await refreshDemo(db)).toBe(2);
    const again = await endingWithin(15);
    expect(again).toHaveLength(2);
    expect(again.every((a) => a.bid_count > 0)).toBe(true);
    expect(await refreshDemo(db)).toBe(0);
  }, 60_000);
});
