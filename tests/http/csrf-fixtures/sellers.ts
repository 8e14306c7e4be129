import type { Fixture } from './types.js';

/** CSRF fixtures for the seller's shop settings (src/sellers/routes.ts). */
export const sellersFixtures: Record<string, Fixture> = {
  'post /seller/shipping': async (db, _c, { admin }) => {
    await db('sellers').insert({ user_id: admin.id, shop_name: `Admin shop ${admin.id}`, description: 'Planted for CSRF checks.' }).onConflict('user_id').ignore();
    const flat = 100 + Math.floor(Math.random() * 900);
    return {
      path: '/seller/shipping',
      form: { shipping_flat: (flat / 100).toFixed(2), shipping_free_over: '', low_stock_threshold: '2' },
      state: async () => (await db('sellers').where({ user_id: admin.id }).first()).shipping_flat,
    };
  },
};
