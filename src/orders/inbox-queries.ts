import type { Knex } from 'knex';
import type { AddressSnapshot, SellerOrderRow } from './queries.js';
import { inboxTabs, type InboxTab, type SellerOrderStatus } from './states.js';

type Db = Knex | Knex.Transaction;

export const INBOX_TABS = Object.keys(inboxTabs) as InboxTab[];

/** One row of a seller's inbox: their part of an order, with what the buyer is called (never their email). */
export interface InboxRow extends Pick<SellerOrderRow, 'id' | 'order_id' | 'status' | 'fulfilment' | 'currency' | 'total' | 'commission' | 'refunded_amount' | 'ship_by'> {
  buyer_name: string;
  /** only paid orders are in the inbox */
  paid_at: Date;
  items: string;
}

const PAGE = 50;

/** How many of a seller's paid orders sit in each tab. Unpaid ones are not theirs to act on yet. */
export async function inboxCounts(db: Db, sellerId: number): Promise<Record<InboxTab, number>> {
  const rows: { status: SellerOrderStatus; n: string }[] = await db('seller_orders').where({ seller_id: sellerId }).whereNotNull('paid_at').groupBy('status').select('status').count({ n: '*' });
  const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
  return Object.fromEntries(INBOX_TABS.map((t) => [t, (inboxTabs[t] as readonly SellerOrderStatus[]).reduce((s, st) => s + (by.get(st) ?? 0), 0)])) as Record<InboxTab, number>;
}

/** A seller's orders in one tab, newest first; `before` pages on by id. */
export async function inboxRows(db: Db, sellerId: number, tab: InboxTab, before?: number): Promise<InboxRow[]> {
  const q = db('seller_orders as so')
    .join('users as u', 'u.id', 'so.buyer_id')
    .where('so.seller_id', sellerId)
    .whereNotNull('so.paid_at')
    .whereIn('so.status', [...inboxTabs[tab]])
    .orderBy('so.id', 'desc')
    .limit(PAGE)
    .select(
      'so.id',
      'so.order_id',
      'so.status',
      'so.fulfilment',
      'so.currency',
      'so.total',
      'so.commission',
      'so.refunded_amount',
      'so.paid_at',
      'so.ship_by',
      'u.display_name as buyer_name',
      db.raw(`(select string_agg(ol.title || case when ol.quantity > 1 then ' × ' || ol.quantity else '' end, ', ' order by ol.id) from order_lines ol where ol.seller_order_id = so.id) as items`),
    );
  if (before) q.where('so.id', '<', before);
  const rows = await q;
  return rows.map((r: InboxRow) => ({ ...r, items: r.items ?? '' }));
}

export const inboxPageSize = PAGE;

/** The buyer of an order as the seller sees them, and where to ship. */
export async function buyerAndAddress(db: Db, orderId: number): Promise<{ buyer_name: string; shipping_address: AddressSnapshot | null; placed_at: Date } | undefined> {
  const r = await db('orders as o').join('users as u', 'u.id', 'o.buyer_id').where('o.id', orderId).first('u.display_name as buyer_name', 'o.shipping_address', 'o.created_at as placed_at');
  return r ? { buyer_name: String(r.buyer_name), shipping_address: r.shipping_address ?? null, placed_at: r.placed_at } : undefined;
}
