import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the wallets domain, keyed "method path" as in src/wallets/routes.ts. */
export const walletsFixtures: Record<string, Fixture> = {
  'post /wallet/topups': async (db, _c, { admin }) => ({
    path: '/wallet/topups',
    form: { amount: '10', idempotency_key: newIdempotencyKey() },
    state: async () => Number((await db('topups').where({ user_id: admin.id }).count('* as n').first())?.n),
  }),
};
