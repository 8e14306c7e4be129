import type { Knex } from 'knex';
import { loadConfig } from '../../../src/config.js';
import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import { transfer } from '../../../src/ledger/ledger.js';
import { randomToken } from '../../../src/lib/ids.js';
import { insertMethod } from '../../../src/payouts/queries.js';
import { limitsFrom, requestPayout } from '../../../src/payouts/payouts.js';
import { createUser } from '../../factories.js';
import type { Fixture } from './types.js';

function credit(db: Knex, userId: number, amount: number) {
  return db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `csrf.credit:${randomToken(8)}`,
      kind: 'test.credit',
      legs: [
        { account: { platform: 'promotions' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}

/** Someone else's payout waiting for review, planted through the rules (the money really sits in payout_pending). */
async function waitingPayout(db: Knex, env: NodeJS.ProcessEnv) {
  const u = await createUser(db);
  await credit(db, u.id, 5_000);
  const m = await insertMethod(db, { user_id: u.id, holder_name: 'Planted Person', account_number: '000123456789' });
  return db.transaction((trx) => requestPayout(trx, limitsFrom(loadConfig(env)), u.id, { methodId: m.id, amount: 2_000 }));
}

const statusOf = (db: Knex, id: number) => async () => (await db('payouts').where({ id }).first()).status;

/** CSRF fixtures for the unsafe routes of the payouts domain, keyed "method path" as in src/payouts/routes.ts. */
export const payoutsFixtures: Record<string, Fixture> = {
  'post /wallet/payouts': async (db, _c, { admin }) => {
    await credit(db, admin.id, 5_000);
    const m = await insertMethod(db, { user_id: admin.id, holder_name: 'Admin Person', account_number: `0001${String(Date.now()).slice(-8)}` });
    return {
      path: '/wallet/payouts',
      form: { method_id: String(m.id), amount: '20', idempotency_key: newIdempotencyKey() },
      state: async () => Number((await db('payouts').where({ user_id: admin.id }).count('* as n').first())?.n),
    };
  },
  'post /wallet/payout-methods': async (db, _c, { admin }) => ({
    path: '/wallet/payout-methods',
    form: { holder_name: 'Planted Holder', account_number: 'GB82 WEST 1234 5698 7654 32' },
    state: async () => Number((await db('payout_methods').where({ user_id: admin.id, account_number: 'GB82WEST12345698765432' }).whereNull('retired_at').count('* as n').first())?.n),
  }),
  'delete /wallet/payout-methods/:id': async (db, _c, { admin }) => {
    const m = await insertMethod(db, { user_id: admin.id, holder_name: 'To Remove', account_number: `0009${String(Date.now()).slice(-8)}` });
    return {
      path: `/wallet/payout-methods/${m.id}`,
      form: {},
      state: async () => (await db('payout_methods').where({ id: m.id }).first()).retired_at !== null,
    };
  },
  'post /admin/payouts/:id/approval': async (db, _c, { app }) => {
    const p = await waitingPayout(db, app.env);
    return { path: `/admin/payouts/${p.id}/approval`, form: {}, state: statusOf(db, p.id) };
  },
  'post /admin/payouts/:id/rejection': async (db, _c, { app }) => {
    const p = await waitingPayout(db, app.env);
    return { path: `/admin/payouts/${p.id}/rejection`, form: { reason: 'Planted rejection' }, state: statusOf(db, p.id) };
  },
  'post /admin/payouts/reconciliation/runs': async (db) => ({
    path: '/admin/payouts/reconciliation/runs',
    form: { day: '2026-01-15' },
    state: async () => Number((await db('reconciliation_runs').count('* as n').first())?.n),
  }),
};
