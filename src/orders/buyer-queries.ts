import type { Knex } from 'knex';
import type { OrderStatus } from './queries.js';
import type { Fulfilment, SellerOrderStatus } from './states.js';

type Db = Knex | Knex.Transaction;

/** One seller's part of an order, as the buyer's order list shows it. */
export interface BuyerPartSummary {
  id: number;
  status: SellerOrderStatus;
  fulfilment: Fulfilment;
  shop_name: string;
}

export interface BuyerOrderSummary {
  id: number;
  status: OrderStatus;
  currency: string;
  total: number;
  created_at: Date;
  parts: BuyerPartSummary[];
}

export const ORDERS_PAGE = 25;

/** The buyer's orders, newest first, with each seller part's status; page with `before` = the last id seen. */
export async function buyerOrders(db: Db, buyerId: number, before?: number, limit = ORDERS_PAGE): Promise<{ orders: BuyerOrderSummary[]; next: number | null }> {
  const q = db('orders').where({ buyer_id: buyerId }).orderBy('id', 'desc').limit(limit + 1).select('id', 'status', 'currency', 'total', 'created_at');
  if (before) q.where('id', '<', before);
  const rows = (await q) as { id: string; status: OrderStatus; currency: string; total: string; created_at: Date }[];
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));
  const parts = ids.length
    ? ((await db('seller_orders as so')
        .leftJoin('sellers as s', 's.user_id', 'so.seller_id')
        .join('users as u', 'u.id', 'so.seller_id')
        .whereIn('so.order_id', ids)
        .orderBy('so.id')
        .select('so.id', 'so.order_id', 'so.status', 'so.fulfilment', db.raw('coalesce(s.shop_name, u.display_name) as shop_name'))) as { id: string; order_id: string; status: SellerOrderStatus; fulfilment: Fulfilment; shop_name: string }[])
    : [];
  const byOrder = new Map<number, BuyerPartSummary[]>();
  for (const p of parts) {
    const list = byOrder.get(Number(p.order_id)) ?? [];
    list.push({ id: Number(p.id), status: p.status, fulfilment: p.fulfilment, shop_name: p.shop_name });
    byOrder.set(Number(p.order_id), list);
  }
  return {
    orders: page.map((r) => ({ id: Number(r.id), status: r.status, currency: r.currency, total: Number(r.total), created_at: r.created_at, parts: byOrder.get(Number(r.id)) ?? [] })),
    next: rows.length > limit ? ids[ids.length - 1] : null,
  };
}

/** Shop names of the sellers of an order (the display name for a seller without a shop row). */
export async function shopNames(db: Db, sellerIds: number[]): Promise<Map<number, string>> {
  if (!sellerIds.length) return new Map();
  const rows = (await db('users as u').leftJoin('sellers as s', 's.user_id', 'u.id').whereIn('u.id', sellerIds).select('u.id', db.raw('coalesce(s.shop_name, u.display_name) as shop_name'))) as { id: string; shop_name: string }[];
  return new Map(rows.map((r) => [Number(r.id), r.shop_name]));
}
