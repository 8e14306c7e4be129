import type { Knex } from 'knex';
import { plantSellerOrder } from '../../disputes/helpers.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../../factories.js';
import type { Fixture } from './types.js';

/** A conversation about a listing between the admin (the buyer) and a seller, with one message from the seller. */
export async function plantConversation(db: Knex, adminId: number, opts: { reported?: boolean } = {}) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  const l = await createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Planted lamp' });
  // for the admin pages the thread is someone else's: a buyer's, reported
  const buyerId = opts.reported ? (await createUser(db)).id : adminId;
  const [c] = await db('conversations').insert({ buyer_id: buyerId, seller_id: seller.id, listing_id: l.id }).returning('id');
  const [m] = await db('conversation_messages').insert({ conversation_id: c.id, sender_id: seller.id, body: 'Planted hello' }).returning('id');
  // already read, so a page shown again after a refusal has nothing new to mark read
  await db('conversations').where({ id: c.id }).update({ buyer_read_upto: m.id });
  if (opts.reported) await db('conversation_reports').insert({ conversation_id: c.id, reporter_id: buyerId, reason: 'Planted report' });
  return { id: Number(c.id), sellerId: seller.id };
}

const messages = (db: Knex, conversationId: number) => async () => Number((await db('conversation_messages').where({ conversation_id: conversationId }).count('* as n').first())?.n);
const blocked = (db: Knex, blockerId: number, blockedId: number) => async () => Boolean(await db('conversation_blocks').where({ blocker_id: blockerId, blocked_id: blockedId }).first());

/** CSRF fixtures for the unsafe routes of the conversations domain, keyed "method path" as in src/conversations/routes.ts. */
export const conversationsFixtures: Record<string, Fixture> = {
  'post /messages/:id/replies': async (db, _c, { admin }) => {
    const { id } = await plantConversation(db, admin.id);
    return { path: `/messages/${id}/replies`, form: { body: 'Planted reply' }, state: messages(db, id) };
  },
  'post /messages/:id/block': async (db, _c, { admin }) => {
    const { id, sellerId } = await plantConversation(db, admin.id);
    return { path: `/messages/${id}/block`, form: {}, state: blocked(db, admin.id, sellerId) };
  },
  'delete /messages/:id/block': async (db, _c, { admin }) => {
    const { id, sellerId } = await plantConversation(db, admin.id);
    await db('conversation_blocks').insert({ blocker_id: admin.id, blocked_id: sellerId });
    return { path: `/messages/${id}/block`, form: {}, state: blocked(db, admin.id, sellerId) };
  },
  'post /messages/:id/report': async (db, _c, { admin }) => {
    const { id } = await plantConversation(db, admin.id);
    return {
      path: `/messages/${id}/report`,
      form: { reason: 'Planted report' },
      state: async () => (await db('conversation_reports').where({ conversation_id: id })).length,
    };
  },
  'post /seller-orders/:id/conversation': async (db, _c, { admin }) => {
    const part = await plantSellerOrder(db, { buyerId: admin.id, status: 'paid' });
    return {
      path: `/seller-orders/${part.sellerOrderId}/conversation`,
      form: { body: 'Planted question about the order' },
      state: async () => (await db('conversations').where({ seller_order_id: part.sellerOrderId })).length,
    };
  },
  'post /admin/conversations/:id/resolution': async (db, _c, { admin }) => {
    const { id } = await plantConversation(db, admin.id, { reported: true });
    return {
      path: `/admin/conversations/${id}/resolution`,
      form: { note: 'Planted resolution' },
      state: async () => (await db('conversation_reports').where({ conversation_id: id }).whereNull('resolved_at')).length,
    };
  },
};
