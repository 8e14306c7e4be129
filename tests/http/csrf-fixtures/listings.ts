import type { Knex } from 'knex';
import { createCategoryRow, createListing, type ListingOver } from '../../factories.js';
import type { Fixture } from './types.js';

/** The admin sends these requests, so the admin gets a shop and owns the planted listings. */
async function makeSeller(db: Knex, userId: number): Promise<void> {
  await db('sellers').insert({ user_id: userId, shop_name: `Admin shop ${userId}`, description: 'The admin’s own shop, for CSRF checks.' }).onConflict('user_id').ignore();
}

async function plant(db: Knex, adminId: number, over: Partial<ListingOver> = {}) {
  await makeSeller(db, adminId);
  const cat = await createCategoryRow(db);
  return createListing(db, { seller_id: adminId, category_id: cat.id, ...over });
}

const status = (db: Knex, id: number) => async () => (await db('listings').where({ id }).first()).status;

/** CSRF fixtures for the unsafe routes of the listings domain, keyed "method path" as in src/listings/routes.ts. */
export const listingsFixtures: Record<string, Fixture> = {
  'post /seller/listings': async (db, _c, { admin }) => {
    await makeSeller(db, admin.id);
    const cat = await createCategoryRow(db);
    const title = `Planted listing ${Date.now()}`;
    return {
      path: '/seller/listings',
      form: { category_id: String(cat.id), kind: 'digital', title, price: '5.00' },
      state: async () => Number((await db('listings').where({ seller_id: admin.id, title }).count('* as n').first())?.n),
    };
  },
  'patch /seller/listings/:id': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'draft', kind: 'digital' });
    return {
      path: `/seller/listings/${l.id}`,
      form: { category_id: String(l.category_id), kind: 'digital', title: 'Renamed by a form', price: '5.00' },
      state: async () => (await db('listings').where({ id: l.id }).first()).title,
    };
  },
  'delete /seller/listings/:id': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'draft' });
    return { path: `/seller/listings/${l.id}`, form: {}, state: async () => (await db('listings').where({ id: l.id }).first()).deleted_at !== null };
  },
  'post /seller/listings/:id/submission': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'draft' });
    return { path: `/seller/listings/${l.id}/submission`, form: {}, state: status(db, l.id) };
  },
  'post /seller/listings/:id/pause': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'active' });
    return { path: `/seller/listings/${l.id}/pause`, form: {}, state: status(db, l.id) };
  },
  'delete /seller/listings/:id/pause': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'paused' });
    return { path: `/seller/listings/${l.id}/pause`, form: {}, state: status(db, l.id) };
  },
  'post /seller/listings/:id/copies': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'active' });
    return {
      path: `/seller/listings/${l.id}/copies`,
      form: {},
      state: async () => Number((await db('listings').where({ seller_id: admin.id }).count('* as n').first())?.n),
    };
  },
  'post /seller/listings/:id/row': async (db, _c, { admin }) => {
    const l = await plant(db, admin.id, { status: 'active', price: 2500, stock: 5 });
    return {
      path: `/seller/listings/${l.id}/row`,
      form: { price: '26.00', stock: '5', stock_was: '5' },
      state: async () => (await db('listings').where({ id: l.id }).first()).price,
    };
  },
  'put /seller/listings/:id/variants': async (db, _c, { admin }) => {
    await makeSeller(db, admin.id);
    const cat = await createCategoryRow(db, { attributes: [{ key: 'size', type: 'enum', options: ['S', 'M'] }] });
    const l = await createListing(db, { seller_id: admin.id, category_id: cat.id, status: 'draft' });
    return {
      path: `/seller/listings/${l.id}/variants`,
      form: { axes: 'size', combo_0: JSON.stringify({ size: 'S' }), keep_0: 'on', sku_0: 'PLANT-S', price_0: '10', stock_0: '1', combo_1: JSON.stringify({ size: 'M' }) },
      state: async () => Number((await db('listing_variants').where({ listing_id: l.id }).count('* as n').first())?.n),
    };
  },
};
