import type { Fixture } from './types.js';

/** CSRF fixtures for the seller's shop page settings (src/shops/manifest.ts). */
export const shopsFixtures: Record<string, Fixture> = {
  'post /seller/shop': async (db, _c, { admin }) => {
    await db('sellers').insert({ user_id: admin.id, shop_name: `Admin shop ${admin.id}`, description: 'Planted for CSRF checks.' }).onConflict('user_id').ignore();
    return {
      path: '/seller/shop',
      form: { shop_name: `Admin shop ${admin.id}`, description: `Planted for CSRF checks, changed ${Math.random().toString(36).slice(2)}.`, shipping_policy: '', returns_policy: '' },
      state: async () => (await db('sellers').where({ user_id: admin.id }).first('description')).description,
    };
  },
};
