import type { Knex } from 'knex';
import { createCategoryRow, createListing, createSeller } from '../../factories.js';
import type { Fixture } from './types.js';

/** A listing of another seller with units in stock. */
async function liveListing(db: Knex) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  return createListing(db, { seller_id: seller.id, category_id: category.id, title: 'Planted teapot', stock: 5 });
}

/** A line in the admin's own cart. */
async function plantLine(db: Knex, adminId: number): Promise<number> {
  const l = await liveListing(db);
  await db('carts').insert({ user_id: adminId }).onConflict('user_id').ignore();
  const cart = await db('carts').where({ user_id: adminId }).first('id');
  const [line] = await db('cart_lines').insert({ cart_id: cart.id, listing_id: l.id, quantity: 1, unit_price_seen: 2500 }).returning('id');
  return Number(line.id);
}

const lineQuantity = (db: Knex, id: number) => async () => (await db('cart_lines').where({ id }).first())?.quantity ?? null;

/** CSRF fixtures for the unsafe routes of the carts domain, keyed "method path" as in src/carts/routes.ts. */
export const cartsFixtures: Record<string, Fixture> = {
  'post /cart/lines': async (db, _c, { admin }) => {
    const l = await liveListing(db);
    return {
      path: '/cart/lines',
      form: { listing_id: String(l.id), quantity: '2' },
      state: async () => (await db('cart_lines as cl').join('carts as c', 'c.id', 'cl.cart_id').where({ 'c.user_id': admin.id, 'cl.listing_id': l.id })).length,
    };
  },
  'patch /cart/lines/:id': async (db, _c, { admin }) => {
    const id = await plantLine(db, admin.id);
    return { path: `/cart/lines/${id}`, form: { quantity: '3' }, state: lineQuantity(db, id) };
  },
  'delete /cart/lines/:id': async (db, _c, { admin }) => {
    const id = await plantLine(db, admin.id);
    return { path: `/cart/lines/${id}`, form: {}, state: lineQuantity(db, id) };
  },
};
