import type { Knex } from 'knex';
import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the commissions domain, keyed "method path" as in src/commissions/routes.ts. */
export const commissionsFixtures: Record<string, Fixture> = {
  'post /admin/commissions': async (db) => {
    const note = `Planted rule ${Date.now()}`;
    return {
      path: '/admin/commissions',
      form: { scope: 'kind', kind: 'digital', rate: '7.5', min_amount: '', cap_amount: '', priority: '', note },
      state: async () => Boolean(await db('commission_rules').where({ note }).first()),
    };
  },
  'post /admin/commissions/:id/retirement': async (db: Knex) => {
    const [r] = await db('commission_rules').insert({ scope: 'kind', kind: 'service', rate_bp: 900, note: 'Planted for retirement' }).returning('id');
    return {
      path: `/admin/commissions/${r.id}/retirement`,
      form: {},
      state: async () => (await db('commission_rules').where({ id: r.id }).first()).retired_at !== null,
    };
  },
};
