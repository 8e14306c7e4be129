import type { Knex } from 'knex';
import type { SellerOrderRow } from './queries.js';
import type { SellerOrderStatus } from './states.js';

type Db = Knex | Knex.Transaction;

export interface AdminOrderFilter {
  status?: SellerOrderStatus;
  /** part of the seller's email or shop name */
  seller?: string;
  /** part of the buyer's email */
  buyer?: string;
  from?: Date;
  /** exclusive */
  to?: Date;
  orderId?: number;
  before?: number;
}

export interface AdminOrderRow extends Pick<SellerOrderRow, 'id' | 'order_id' | 'status' | 'fulfilment' | 'currency' | 'total' | 'commission' | 'created_at'> {
  seller_email: string;
  shop_name: string | null;
  buyer_email: string;
}

export const ADMIN_PAGE = 50;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every seller order, newest first, filtered; keyset pages by id (`before`). */
export async function adminSellerOrders(db: Db, f: AdminOrderFilter): Promise<AdminOrderRow[]> {
  const q = db('seller_orders as so')
    .join('users as s', 's.id', 'so.seller_id')
    .leftJoin('sellers as sh', 'sh.user_id', 'so.seller_id')
    .join('users as b', 'b.id', 'so.buyer_id')
    .orderBy('so.id', 'desc')
    .limit(ADMIN_PAGE)
    .select('so.id', 'so.order_id', 'so.status', 'so.fulfilment', 'so.currency', 'so.total', 'so.commission', 'so.created_at', 's.email as seller_email', 'sh.shop_name', 'b.email as buyer_email');
  if (f.status) q.where('so.status', f.status);
  if (f.seller) q.where((w) => w.whereRaw(`s.email ilike ? escape '\\'`, [like(f.seller!)]).orWhereRaw(`sh.shop_name ilike ? escape '\\'`, [like(f.seller!)]));
  if (f.buyer) q.whereRaw(`b.email ilike ? escape '\\'`, [like(f.buyer)]);
  if (f.from) q.where('so.created_at', '>=', f.from);
  if (f.to) q.where('so.created_at', '<', f.to);
  if (f.orderId) q.where('so.order_id', f.orderId);
  if (f.before) q.where('so.id', '<', f.before);
  return q;
}

export interface PartyRow {
  id: number;
  email: string;
  display_name: string;
  shop_name: string | null;
}

export async function parties(db: Db, ids: number[]): Promise<Map<number, PartyRow>> {
  const rows = ids.length ? await db('users as u').leftJoin('sellers as sh', 'sh.user_id', 'u.id').whereIn('u.id', ids).select('u.id', 'u.email', 'u.display_name', 'sh.shop_name') : [];
  return new Map(rows.map((r: PartyRow) => [Number(r.id), { ...r, id: Number(r.id) }]));
}

export interface TransferLeg {
  account: string;
  amount: number;
}

export interface OrderTransferRow {
  id: number;
  kind: string;
  idempotency_key: string;
  reference: string;
  memo: string | null;
  currency: string;
  created_at: Date;
  legs: TransferLeg[];
}

/**
 * Every ledger transfer about an order: those that reference it, and those that
 * placed or resolved a hold on it or on one of its seller orders (escrow).
 */
export async function transfersOfOrder(db: Db, orderId: number): Promise<OrderTransferRow[]> {
  const soIds = (await db('seller_orders').where({ order_id: orderId }).pluck('id')).map(String);
  const holdsOf = db('holds')
    .where((w) => {
      w.where({ reference_type: 'order', reference_id: String(orderId) });
      if (soIds.length) w.orWhere((x) => x.where('reference_type', 'seller_order').whereIn('reference_id', soIds));
    })
    .select('id', 'created_transfer_id', 'resolved_transfer_id');
  const holds: { id: string; created_transfer_id: string; resolved_transfer_id: string | null }[] = await holdsOf;
  const holdTransferIds = holds.flatMap((h) => [h.created_transfer_id, h.resolved_transfer_id]).filter((x): x is string => x !== null);
  const transfers = await db('ledger_transfers')
    .where((w) => {
      w.where({ reference_type: 'order', reference_id: String(orderId) });
      if (soIds.length) w.orWhere((x) => x.where('reference_type', 'seller_order').whereIn('reference_id', soIds));
      if (holdTransferIds.length) w.orWhereIn('id', holdTransferIds);
    })
    .orderBy('id')
    .select('id', 'kind', 'idempotency_key', 'reference_type', 'reference_id', 'memo', 'currency', 'created_at');
  const ids = transfers.map((t: { id: string }) => t.id);
  const legs = ids.length
    ? await db('ledger_entries as e').join('ledger_accounts as a', 'a.id', 'e.account_id').whereIn('e.transfer_id', ids).orderBy('e.id').select('e.transfer_id', 'e.amount', 'a.user_id', 'a.type')
    : [];
  return transfers.map((t: Record<string, unknown>) => ({
    id: Number(t.id),
    kind: String(t.kind),
    idempotency_key: String(t.idempotency_key),
    reference: t.reference_type ? `${String(t.reference_type)} ${String(t.reference_id)}` : '',
    memo: (t.memo as string | null) ?? null,
    currency: String(t.currency),
    created_at: t.created_at as Date,
    legs: legs
      .filter((l: { transfer_id: string }) => String(l.transfer_id) === String(t.id))
      .map((l: { amount: string; user_id: string | null; type: string }) => ({ account: l.user_id ? `user ${l.user_id} · ${l.type}` : `platform · ${l.type}`, amount: Number(l.amount) })),
  }));
}
