import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../db.js';
import { createSeller } from '../factories.js';
import { placePaidOrder, sellerListing } from '../orders/helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  await t.drop();
});

const generation = async () => (await t.db.raw('select * from search_generation')).rows[0];

describe('what a sale does to cached searches', () => {
  it('a sale that leaves units on sale keeps every cached search; selling the last one moves the generation', async () => {
    const seller = await createSeller(t.db);
    const listing = await sellerListing(t.db, seller.id, { price: 2500, stock: 2 });
    const before = await generation();
    await placePaidOrder(t.db, { seller, listing, price: 2500 });
    expect(await generation()).toEqual(before);
    expect((await t.db('listings').where({ id: listing.id }).first('stock')).stock).toBe(1);

    await placePaidOrder(t.db, { seller, listing, price: 2500 });
    expect((await t.db('listings').where({ id: listing.id }).first('status')).status).toBe('sold_out');
    expect(await generation()).not.toEqual(before);
  });
});
