import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import { createUser } from '../../factories.js';
import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the refunds domain, keyed "method path" as in src/refunds/routes.ts. */
export const refundsFixtures: Record<string, Fixture> = {
  'post /admin/refunds': async (db) => {
    const u = await createUser(db);
    return {
      path: '/admin/refunds',
      form: { user_id: String(u.id), destination: 'wallet', amount: '3.50', reason: 'Planted goodwill refund', idempotency_key: newIdempotencyKey() },
      state: async () => Number((await db('refunds').where({ user_id: u.id }).count('* as n').first())?.n),
    };
  },
};
