import type { Knex } from 'knex';
import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import { transfer } from '../../../src/ledger/ledger.js';
import { randomToken } from '../../../src/lib/ids.js';
import { createCategoryRow, createListing } from '../../factories.js';
import type { Fixture } from './types.js';

let n = 0;
async function plantPlan(db: Knex, over: Record<string, unknown> = {}) {
  const [row] = await db('boost_plans').insert({ name: `Planted plan ${Date.now()} ${++n}`, duration_hours: 24, price: 300, weight: 3, ...over }).returning('*');
  return row as { id: number; price: number };
}

/** CSRF fixtures for the unsafe routes of the boosts domain, keyed "method path" as in src/boosts/routes.ts. */
export const boostsFixtures: Record<string, Fixture> = {
  'post /admin/boost-plans': async (db) => {
    const name = `Planted new plan ${Date.now()}`;
    return {
      path: '/admin/boost-plans',
      form: { name, duration: '2', unit: 'days', price: '4.00', weight: '4' },
      state: async () => Boolean(await db('boost_plans').where({ name }).first()),
    };
  },
  'patch /admin/boost-plans/:id': async (db) => {
    const p = await plantPlan(db);
    return {
      path: `/admin/boost-plans/${p.id}`,
      form: { name: `Planted renamed ${p.id}`, duration: '12', unit: 'hours', price: '9.99', weight: '9' },
      state: async () => (await db('boost_plans').where({ id: p.id }).first()).price,
    };
  },
  'post /admin/boost-plans/:id/retirement': async (db) => {
    const p = await plantPlan(db);
    return { path: `/admin/boost-plans/${p.id}/retirement`, form: {}, state: async () => (await db('boost_plans').where({ id: p.id }).first()).retired_at !== null };
  },
  'post /seller/listings/:id/boosts': async (db, _c, { admin }) => {
    // the admin sends the request, so the admin is the seller of the planted listing and has the money
    await db('sellers').insert({ user_id: admin.id, shop_name: `Admin shop ${admin.id}`, description: 'The admin’s own shop, for CSRF checks.' }).onConflict('user_id').ignore();
    const cat = await createCategoryRow(db);
    const listing = await createListing(db, { seller_id: admin.id, category_id: cat.id });
    const plan = await plantPlan(db);
    await db.transaction((trx) =>
      transfer(trx, {
        idempotencyKey: `csrf.credit:${randomToken(8)}`,
        kind: 'test.credit',
        legs: [
          { account: { platform: 'promotions' }, amount: -plan.price },
          { account: { userId: admin.id, type: 'available' }, amount: plan.price },
        ],
      }),
    );
    return {
      path: `/seller/listings/${listing.id}/boosts`,
      form: { plan_id: String(plan.id), idempotency_key: newIdempotencyKey() },
      state: async () => Number((await db('listing_boosts').where({ listing_id: listing.id }).count('* as n').first())?.n),
    };
  },
};
