import type { Knex } from 'knex';
import { plantDispute, plantSellerOrder } from '../../disputes/helpers.js';
import type { Fixture } from './types.js';

const disputeStatus = (db: Knex, id: number) => async () => (await db('disputes').where({ id }).first()).status;

/** CSRF fixtures for the unsafe routes of the disputes domain, keyed "method path" as in src/disputes/routes.ts. The signed-in admin plays the party each route is for. */
export const disputesFixtures: Record<string, Fixture> = {
  'post /seller-orders/:id/disputes': async (db, _c, { admin }) => {
    const so = await plantSellerOrder(db, { buyerId: admin.id });
    return {
      path: `/seller-orders/${so.sellerOrderId}/disputes`,
      form: { reason: 'not_received', message: 'Nothing arrived after two weeks.' },
      state: async () => Number((await db('disputes').where({ seller_order_id: so.sellerOrderId }).count('* as n').first())?.n),
    };
  },
  'post /disputes/:id/messages': async (db) => {
    const d = await plantDispute(db);
    return {
      path: `/disputes/${d.disputeId}/messages`,
      form: { message: 'Souk here: please both send photos.' },
      state: async () => Number((await db('dispute_messages').where({ dispute_id: d.disputeId }).count('* as n').first())?.n),
    };
  },
  'post /disputes/:id/refund': async (db, _c, { admin }) => {
    await db('sellers').insert({ user_id: admin.id, shop_name: `Admin shop ${admin.id}`, description: 'Planted.' }).onConflict('user_id').ignore();
    const d = await plantDispute(db, { sellerId: admin.id });
    return { path: `/disputes/${d.disputeId}/refund`, form: { amount: '1.00' }, state: disputeStatus(db, d.disputeId) };
  },
  'post /disputes/:id/withdrawal': async (db, _c, { admin }) => {
    const d = await plantDispute(db, { buyerId: admin.id });
    return { path: `/disputes/${d.disputeId}/withdrawal`, form: {}, state: disputeStatus(db, d.disputeId) };
  },
  'post /disputes/:id/decision': async (db) => {
    const d = await plantDispute(db);
    return { path: `/disputes/${d.disputeId}/decision`, form: { decision: 'release', reason: 'Delivered as described' }, state: disputeStatus(db, d.disputeId) };
  },
};
