import type { Knex } from 'knex';
import { createSeller, createUser } from '../factories.js';

let n = 0;

/**
 * One seller's part of an order, written straight into orders and seller_orders
 * (no money held behind it: for tests about who may do what, not about the ledger).
 */
export async function plantSellerOrder(db: Knex, opts: { buyerId?: number; sellerId?: number; status?: string; total?: number } = {}) {
  const buyerId = opts.buyerId ?? (await createUser(db)).id;
  const sellerId = opts.sellerId ?? (await createSeller(db)).id;
  const total = opts.total ?? 900;
  const [order] = await db('orders')
    .insert({ buyer_id: buyerId, currency: 'EUR', status: 'paid', items_total: total, shipping_total: 0, total, wallet_amount: total, card_amount: 0, checkout_key: `planted-${Date.now()}-${++n}`, ship_days: 5, escrow_days: 7, paid_at: new Date() })
    .returning('id');
  const [so] = await db('seller_orders')
    .insert({ order_id: order.id, seller_id: sellerId, buyer_id: buyerId, currency: 'EUR', status: opts.status ?? 'delivered', items_total: total, shipping: 0, total, commission: Math.floor(total / 10), fulfilment: 'ship', needs_shipping: true, paid_at: new Date() })
    .returning('id');
  return { orderId: Number(order.id), sellerOrderId: Number(so.id), buyerId, sellerId, total };
}

/** An open dispute on a planted seller order, with its first message. */
export async function plantDispute(db: Knex, opts: { buyerId?: number; sellerId?: number } = {}) {
  const so = await plantSellerOrder(db, { ...opts, status: 'disputed' });
  const [d] = await db('disputes')
    .insert({ seller_order_id: so.sellerOrderId, buyer_id: so.buyerId, seller_id: so.sellerId, reason: 'damaged', previous_status: 'delivered', escalate_at: new Date(Date.now() + 3 * 86_400_000) })
    .returning('id');
  await db('dispute_messages').insert({ dispute_id: d.id, author_id: so.buyerId, body: 'It arrived broken.' });
  return { ...so, disputeId: Number(d.id) };
}
