import type { Knex } from 'knex';
import { createCategoryRow, createListing, createSeller } from '../../factories.js';
import type { Fixture } from './types.js';

/** A live listing of some other seller, for the admin to favourite or ask about. */
async function liveListing(db: Knex) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  return createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Planted bicycle' });
}

/** CSRF fixtures for the unsafe routes of the search domain, keyed "method path" as in src/search/routes.ts. */
export const searchFixtures: Record<string, Fixture> = {
  'post /listings/:id/enquiries': async (db) => {
    const l = await liveListing(db);
    return {
      path: `/listings/${l.id}/enquiries`,
      form: { message: 'Is it still available?' },
      state: async () => (await db('conversations').where({ listing_id: l.id })).length,
    };
  },
  'post /listings/:id/favourite': async (db, _c, { admin }) => {
    const l = await liveListing(db);
    return {
      path: `/listings/${l.id}/favourite`,
      form: {},
      state: async () => (await db('favourites').where({ user_id: admin.id, listing_id: l.id })).length,
    };
  },
  'delete /listings/:id/favourite': async (db, _c, { admin }) => {
    const l = await liveListing(db);
    await db('favourites').insert({ user_id: admin.id, listing_id: l.id });
    await db('listings').where({ id: l.id }).update({ favourites_count: 1 });
    return {
      path: `/listings/${l.id}/favourite`,
      form: {},
      state: async () => (await db('favourites').where({ user_id: admin.id, listing_id: l.id })).length,
    };
  },
  'post /saved-searches': async (db, _c, { admin }) => {
    const q = `planted${Date.now().toString(36)}`;
    return {
      path: '/saved-searches',
      form: { name: 'Planted search', query: `q=${q}` },
      state: async () => (await db('saved_searches').where({ user_id: admin.id, query: `q=${q}` })).length,
    };
  },
  'delete /saved-searches/:id': async (db, _c, { admin }) => {
    const [s] = await db('saved_searches').insert({ user_id: admin.id, name: 'Planted', query: `q=planted${Date.now().toString(36)}` }).returning('id');
    return { path: `/saved-searches/${s.id}`, form: {}, state: async () => (await db('saved_searches').where({ id: s.id })).length };
  },
  'post /admin/search/synonyms': async (db) => {
    const word = `planted${Date.now().toString(36)}`;
    return {
      path: '/admin/search/synonyms',
      form: { terms: `${word}, ${word}x` },
      state: async () => (await db('search_synonyms').whereRaw('? = any(terms)', [word])).length,
    };
  },
  'patch /admin/search/synonyms/:id': async (db) => {
    const word = `planted${Date.now().toString(36)}`;
    const [g] = await db('search_synonyms').insert({ terms: [`${word}a`, `${word}b`] }).returning('id');
    return {
      path: `/admin/search/synonyms/${g.id}`,
      form: { terms: `${word}a, ${word}c` },
      state: async () => (await db('search_synonyms').where({ id: g.id }).first()).terms.join(','),
    };
  },
  'delete /admin/search/synonyms/:id': async (db) => {
    const word = `planted${Date.now().toString(36)}`;
    const [g] = await db('search_synonyms').insert({ terms: [`${word}a`, `${word}b`] }).returning('id');
    return { path: `/admin/search/synonyms/${g.id}`, form: {}, state: async () => (await db('search_synonyms').where({ id: g.id })).length };
  },
};
