import { randomBytes } from 'node:crypto';
import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the wallets domain, keyed "method path" as in src/wallets/routes.ts. */
export const walletsFixtures: Record<string, Fixture> = {
  'post /wallet/topups': async (db, _c, { admin }) => ({
    path: '/wallet/topups',
    form: { amount: '10', idempotency_key: randomBytes(16).toString('base64url') },
    state: async () => Number((await db('topups').where({ user_id: admin.id }).count('* as n').first())?.n),
  }),
};
