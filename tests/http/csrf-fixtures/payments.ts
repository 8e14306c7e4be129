import { gatewayId } from '../../../src/payments/local-events.js';
import type { Fixture } from './types.js';

/** A payment waiting on the local gateway's hosted page. */
async function plantPayment(db: Parameters<Fixture>[0], userId: number, status: string) {
  const id = gatewayId('pi');
  await db('gateway_payments').insert({
    id,
    idempotency_key: `csrf-${id}`,
    amount: 1000,
    currency: 'eur',
    status,
    card_last4: status === 'requires_action' ? '3155' : null,
    metadata: JSON.stringify({ userId: String(userId), purpose: 'test' }),
    return_url: '/wallet',
  });
  return id;
}

const statusOf = (db: Parameters<Fixture>[0], id: string) => async () => (await db('gateway_payments').where({ id }).first()).status;

/** CSRF fixtures for the unsafe routes of the payments domain, keyed "method path" as in src/payments/routes.ts. */
export const paymentsFixtures: Record<string, Fixture> = {
  'post /gateway/pay/:id': async (db, _c, { admin }) => {
    const id = await plantPayment(db, admin.id, 'requires_payment_method');
    return { path: `/gateway/pay/${id}`, form: { number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Planted Payer' }, state: statusOf(db, id) };
  },
  'post /gateway/pay/:id/authentication': async (db, _c, { admin }) => {
    const id = await plantPayment(db, admin.id, 'requires_action');
    return { path: `/gateway/pay/${id}/authentication`, form: { decision: 'complete' }, state: statusOf(db, id) };
  },
};
