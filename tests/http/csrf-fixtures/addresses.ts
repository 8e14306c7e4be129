import type { Fixture } from './types.js';

const address = { name: 'Planted Person', line1: 'Planted street 1', line2: '', postal_code: '1000', city: 'Brussels', country: 'BE', phone: '' };

/** CSRF fixtures for the unsafe routes of the addresses domain, keyed "method path" as in src/addresses/routes.ts. */
export const addressesFixtures: Record<string, Fixture> = {
  'post /account/addresses': async (db, _c, { admin }) => ({
    path: '/account/addresses',
    form: address,
    state: async () => (await db('addresses').where({ user_id: admin.id }).whereNull('deleted_at')).length,
  }),
  'delete /account/addresses/:id': async (db, _c, { admin }) => {
    const [row] = await db('addresses').insert({ ...address, user_id: admin.id }).returning('id');
    return { path: `/account/addresses/${row.id}`, form: {}, state: async () => (await db('addresses').where({ id: row.id }).first()).deleted_at !== null };
  },
};
