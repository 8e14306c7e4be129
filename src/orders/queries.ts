import type { Knex } from 'knex';
import type { PostalAddress } from '../addresses/addresses.js';
import type { ListingKind } from '../listings/queries.js';
import { dayText } from '../lib/days.js';
import type { Fulfilment, SellerOrderStatus } from './states.js';

type Db = Knex | Knex.Transaction;

export type OrderStatus = 'awaiting_payment' | 'paid' | 'cancelled';

/** The buyer's address as it was when the order was placed (a copy: later edits to their address book do not reach it). */
export type AddressSnapshot = PostalAddress;

export interface OrderRow {
  id: number;
  buyer_id: number;
  currency: string;
  status: OrderStatus;
  items_total: number;
  shipping_total: number;
  discount_total: number;
  total: number;
  wallet_amount: number;
  card_amount: number;
  wallet_hold_id: number | null;
  payment_id: string | null;
  checkout_key: string;
  shipping_address: AddressSnapshot | null;
  ship_days: number;
  escrow_days: number;
  reserved_until: Date | null;
  paid_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SellerOrderRow {
  id: number;
  order_id: number;
  seller_id: number;
  buyer_id: number;
  currency: string;
  status: SellerOrderStatus;
  fulfilment: Fulfilment;
  items_total: number;
  shipping: number;
  discount: number;
  total: number;
  commission: number;
  refunded_amount: number;
  needs_shipping: boolean;
  hold_id: number | null;
  invoice_number: number | null;
  carrier: string | null;
  tracking_number: string | null;
  cancel_reason: string | null;
  paid_at: Date | null;
  accepted_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  ship_by: Date | null;
  release_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface OrderLineRow {
  id: number;
  order_id: number;
  seller_order_id: number;
  seller_id: number;
  listing_id: number;
  variant_id: number | null;
  kind: ListingKind;
  title: string;
  variant_label: string;
  attributes: Record<string, unknown>;
  unit_price: number;
  quantity: number;
  price_unit: string | null;
  line_total: number;
  discount_amount: number;
  commission_rule_id: number | null;
  commission_rate_bp: number;
  commission_amount: number;
  /** YYYY-MM-DD */
  booking_date: string | null;
  booking_note: string;
  booking_status: 'requested' | 'accepted' | 'declined' | null;
}

export interface OrderEventRow {
  id: number;
  order_id: number;
  seller_order_id: number | null;
  actor_id: number | null;
  type: string;
  message: string;
  created_at: Date;
}

// bigint columns come back as strings from pg; every amount here fits a JS integer (MAX_MINOR)
const AMOUNTS = ['items_total', 'shipping_total', 'discount_total', 'total', 'wallet_amount', 'card_amount', 'shipping', 'discount', 'commission', 'refunded_amount', 'unit_price', 'line_total', 'discount_amount', 'commission_amount'] as const;
const IDS = ['id', 'order_id', 'seller_order_id', 'seller_id', 'buyer_id', 'listing_id', 'variant_id', 'hold_id', 'wallet_hold_id', 'commission_rule_id', 'actor_id'] as const;

function numeric<T>(row: T): T {
  if (!row) return row;
  const r = row as Record<string, unknown>;
  for (const k of [...AMOUNTS, ...IDS]) if (r[k] !== undefined && r[k] !== null) r[k] = Number(r[k]);
  // a booking's day, never a Date (whose text would be "Sun May 31 2099 …")
  if (r.booking_date instanceof Date) r.booking_date = dayText(r.booking_date);
  return row;
}
const all = <T>(rows: T[]): T[] => rows.map(numeric);

export async function findOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  return numeric(await db<OrderRow>('orders').where({ id }).first());
}

export async function lockOrder(trx: Knex.Transaction, id: number): Promise<OrderRow | undefined> {
  return numeric(await trx<OrderRow>('orders').where({ id }).forNoKeyUpdate().first());
}

export async function orderByCheckoutKey(db: Db, buyerId: number, key: string): Promise<OrderRow | undefined> {
  return numeric(await db<OrderRow>('orders').where({ buyer_id: buyerId, checkout_key: key }).first());
}

export async function lockOrderByPayment(trx: Knex.Transaction, paymentId: string): Promise<OrderRow | undefined> {
  return numeric(await trx<OrderRow>('orders').where({ payment_id: paymentId }).forNoKeyUpdate().first());
}

export async function insertOrder(trx: Knex.Transaction, row: Omit<OrderRow, 'id' | 'status' | 'discount_total' | 'paid_at' | 'cancelled_at' | 'cancel_reason' | 'created_at' | 'updated_at' | 'wallet_hold_id' | 'payment_id'> & { created_at: Date }): Promise<OrderRow> {
  const [o] = await trx('orders')
    .insert({ ...row, shipping_address: row.shipping_address ? JSON.stringify(row.shipping_address) : null, updated_at: row.created_at })
    .returning('*');
  return numeric(o as OrderRow);
}

export async function updateOrder(trx: Knex.Transaction, id: number, patch: Partial<OrderRow>, at: Date): Promise<void> {
  await trx('orders').where({ id }).update({ ...patch, updated_at: at });
}

export async function insertSellerOrder(trx: Knex.Transaction, row: Pick<SellerOrderRow, 'order_id' | 'seller_id' | 'buyer_id' | 'currency' | 'fulfilment' | 'items_total' | 'shipping' | 'total' | 'commission' | 'needs_shipping'> & { created_at: Date }): Promise<SellerOrderRow> {
  const [so] = await trx('seller_orders').insert({ ...row, updated_at: row.created_at }).returning('*');
  return numeric(so as SellerOrderRow);
}

export async function insertLines(trx: Knex.Transaction, rows: Omit<OrderLineRow, 'id'>[]): Promise<void> {
  if (rows.length) await trx('order_lines').insert(rows.map((r) => ({ ...r, attributes: JSON.stringify(r.attributes) })));
}

export async function sellerOrdersOf(db: Db, orderId: number): Promise<SellerOrderRow[]> {
  return all(await db<SellerOrderRow>('seller_orders').where({ order_id: orderId }).orderBy('id'));
}

export async function findSellerOrder(db: Db, id: number): Promise<SellerOrderRow | undefined> {
  return numeric(await db<SellerOrderRow>('seller_orders').where({ id }).first());
}

export async function lockSellerOrder(trx: Knex.Transaction, id: number): Promise<SellerOrderRow | undefined> {
  return numeric(await trx<SellerOrderRow>('seller_orders').where({ id }).forNoKeyUpdate().first());
}

export async function lockSellerOrdersOf(trx: Knex.Transaction, orderId: number): Promise<SellerOrderRow[]> {
  return all(await trx<SellerOrderRow>('seller_orders').where({ order_id: orderId }).orderBy('id').forNoKeyUpdate());
}

/** The conditional UPDATE every transition goes through: only from the allowed states. */
export async function moveSellerOrder(trx: Knex.Transaction, id: number, from: readonly SellerOrderStatus[], patch: Partial<SellerOrderRow>, at: Date): Promise<SellerOrderRow | undefined> {
  const [row] = await trx('seller_orders')
    .where({ id })
    .whereIn('status', [...from])
    .update({ ...patch, updated_at: at })
    .returning('*');
  return numeric(row as SellerOrderRow | undefined);
}

export async function linesOfOrder(db: Db, orderId: number): Promise<OrderLineRow[]> {
  return all(await db<OrderLineRow>('order_lines').where({ order_id: orderId }).orderBy('id'));
}

export async function linesOfSellerOrder(db: Db, sellerOrderId: number): Promise<OrderLineRow[]> {
  return all(await db<OrderLineRow>('order_lines').where({ seller_order_id: sellerOrderId }).orderBy('id'));
}

export async function addEvent(trx: Db, e: { order_id: number; seller_order_id?: number | null; actor_id?: number | null; type: string; message: string; at: Date }): Promise<void> {
  await trx('order_events').insert({ order_id: e.order_id, seller_order_id: e.seller_order_id ?? null, actor_id: e.actor_id ?? null, type: e.type, message: e.message, created_at: e.at });
}

export async function eventsOf(db: Db, orderId: number, sellerOrderId?: number): Promise<OrderEventRow[]> {
  const q = db<OrderEventRow>('order_events').where({ order_id: orderId }).orderBy('id');
  // a seller sees the order-wide events and those of their own part only
  if (sellerOrderId !== undefined) q.where((w) => w.whereNull('seller_order_id').orWhere({ seller_order_id: sellerOrderId }));
  return all(await q);
}

/** The next invoice number of a seller: allocated in the paying transaction, so numbers have no gaps. */
export async function nextInvoiceNumber(trx: Knex.Transaction, sellerId: number): Promise<number> {
  const { rows } = await trx.raw(
    `insert into seller_invoice_counters (seller_id, last_number) values (?, 1)
     on conflict (seller_id) do update set last_number = seller_invoice_counters.last_number + 1
     returning last_number`,
    [sellerId],
  );
  return Number(rows[0].last_number);
}

export async function dueUnpaidOrders(db: Db, now: Date, limit = 200): Promise<number[]> {
  return (await db('orders').where({ status: 'awaiting_payment' }).where('reserved_until', '<=', now).orderBy('reserved_until').limit(limit).pluck('id')).map(Number);
}

export async function dueUnshipped(db: Db, now: Date, limit = 200): Promise<number[]> {
  return (await db('seller_orders').whereIn('status', ['paid', 'accepted']).where('ship_by', '<=', now).orderBy('ship_by').limit(limit).pluck('id')).map(Number);
}

export async function dueReleases(db: Db, now: Date, limit = 200): Promise<number[]> {
  return (await db('seller_orders').where({ status: 'delivered' }).where('release_due_at', '<=', now).orderBy('release_due_at').limit(limit).pluck('id')).map(Number);
}

export async function sellerShop(db: Db, sellerIds: number[]): Promise<Map<number, { shop_name: string; shipping_flat: number; shipping_free_over: number | null }>> {
  const rows = sellerIds.length ? await db('sellers').whereIn('user_id', sellerIds).select('user_id', 'shop_name', 'shipping_flat', 'shipping_free_over') : [];
  return new Map(rows.map((r: { user_id: string; shop_name: string; shipping_flat: string; shipping_free_over: string | null }) => [Number(r.user_id), { shop_name: r.shop_name, shipping_flat: Number(r.shipping_flat), shipping_free_over: r.shipping_free_over === null ? null : Number(r.shipping_free_over) }]));
}

/** One leg of the transfer that resolved an escrow hold (a hold still open has one row with nulls for the leg). */
export interface EscrowLegRow {
  hold_id: number;
  holder_id: number;
  status: 'open' | 'captured' | 'released';
  held: number;
  resolved_at: Date | null;
  account_user_id: number | null;
  account_type: string | null;
  amount: number | null;
}

/** The escrow holds and the ledger entries of each one's resolving transfer, read as posted (never recomputed). */
export async function escrowLegs(db: Db, holdIds: number[]): Promise<EscrowLegRow[]> {
  if (!holdIds.length) return [];
  const { rows } = await db.raw<{ rows: EscrowLegRow[] }>(
    `select h.id as hold_id, h.user_id as holder_id, h.status, h.amount as held, h.resolved_at,
            a.user_id as account_user_id, a.type as account_type, e.amount
       from holds h
       left join ledger_entries e on e.transfer_id = h.resolved_transfer_id
       left join ledger_accounts a on a.id = e.account_id
      where h.id = any(?::bigint[])
      order by h.id, e.id`,
    [holdIds],
  );
  return rows;
}

/** The newest resolved dispute of each of these seller orders (an open one is found by disputes' unresolvedOf). */
export async function lastResolvedDisputes(db: Db, sellerOrderIds: number[]): Promise<{ id: number; seller_order_id: number; resolution: string | null; refund_amount: number | null }[]> {
  if (!sellerOrderIds.length) return [];
  return db('disputes')
    .distinctOn('seller_order_id')
    .whereIn('seller_order_id', sellerOrderIds)
    .where({ status: 'resolved' })
    .orderBy([{ column: 'seller_order_id' }, { column: 'id', order: 'desc' }])
    .select('id', 'seller_order_id', 'resolution', 'refund_amount');
}
