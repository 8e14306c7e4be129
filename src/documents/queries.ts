import type { Knex } from 'knex';
import type { AddressSnapshot } from '../orders/queries.js';

type Db = Knex | Knex.Transaction;

export type DocumentKind = 'receipt' | 'invoice' | 'credit_note';

/** One stored document: rendered once, never regenerated. */
export interface OrderDocumentRow {
  id: number;
  kind: DocumentKind;
  order_id: number;
  seller_order_id: number | null;
  number: string;
  amount: number;
  storage_key: string;
  /** credit notes: the refund they document */
  source_key: string | null;
  created_at: Date;
}

/** A document with what deciding who may read it and labelling a link needs. */
export interface DocumentWithParties extends OrderDocumentRow {
  buyer_id: number;
  /** null for a receipt (it covers every seller of the order) */
  seller_id: number | null;
  currency: string;
}

/** The shipping address frozen on the order at checkout, as documents print it (without the phone). */
export type DocumentAddress = Omit<AddressSnapshot, 'phone'>;

/** One order line as it was sold (title, variant and prices frozen at placement). */
export interface DocumentLine {
  title: string;
  variant_label: string;
  unit_price: number;
  quantity: number;
  line_total: number;
}

export interface DocumentPerson {
  name: string;
  email: string;
}

/** A paid order as its receipt shows it: every seller's part, shipping and how it was paid. */
export interface ReceiptData {
  orderId: number;
  buyerId: number;
  currency: string;
  paidAt: Date;
  buyer: DocumentPerson;
  shippingAddress: DocumentAddress | null;
  parts: { shopName: string; lines: DocumentLine[]; shipping: number; discount: number; total: number }[];
  itemsTotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  walletAmount: number;
  cardAmount: number;
}

/** A paid seller order as its invoice shows it (the marketplace commission is between Souk and the seller, not on it). */
export interface InvoiceData {
  orderId: number;
  sellerOrderId: number;
  buyerId: number;
  sellerId: number;
  /** the seller's sequential invoice number, null until the payment allocated it */
  invoiceSeq: number | null;
  currency: string;
  paidAt: Date;
  issuer: { shopName: string };
  customer: DocumentPerson & { address: DocumentAddress | null };
  lines: DocumentLine[];
  itemsTotal: number;
  shipping: number;
  discount: number;
  total: number;
}

// ── stored documents ───────────────────────────────────────────────────────────

const withParties = (db: Db) =>
  db('order_documents as d')
    .join('orders as o', 'o.id', 'd.order_id')
    .leftJoin('seller_orders as so', 'so.id', 'd.seller_order_id')
    .select<DocumentWithParties[]>('d.*', 'o.buyer_id', 'so.seller_id', 'o.currency');

export function findDocument(db: Db, id: number): Promise<DocumentWithParties | undefined> {
  return withParties(db).where('d.id', id).first();
}

export function receiptOf(db: Db, orderId: number): Promise<DocumentWithParties | undefined> {
  return withParties(db).where({ 'd.kind': 'receipt', 'd.order_id': orderId }).first();
}

export function invoiceOf(db: Db, sellerOrderId: number): Promise<DocumentWithParties | undefined> {
  return withParties(db).where({ 'd.kind': 'invoice', 'd.seller_order_id': sellerOrderId }).first();
}

export function creditNoteFor(db: Db, refundKey: string): Promise<OrderDocumentRow | undefined> {
  return db<OrderDocumentRow>('order_documents').where({ kind: 'credit_note', source_key: refundKey }).first();
}

const KIND_ORDER = `case d.kind when 'receipt' then 0 when 'invoice' then 1 else 2 end`;

/** Every document of an order (receipt, invoices, credit notes), for the buyer's order page. */
export function documentsForOrder(db: Db, orderId: number): Promise<DocumentWithParties[]> {
  return withParties(db).where('d.order_id', orderId).orderByRaw(`${KIND_ORDER}, d.seller_order_id nulls first, d.id`);
}

/** Inserts a document unless its number (or its refund) is already documented; the row, or undefined when it was. */
export async function insertDocumentOnce(db: Db, row: Omit<OrderDocumentRow, 'id' | 'created_at'>): Promise<OrderDocumentRow | undefined> {
  const { rows } = await db.raw<{ rows: OrderDocumentRow[] }>(
    `insert into order_documents (kind, order_id, seller_order_id, number, amount, storage_key, source_key)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict do nothing
     returning *`,
    [row.kind, row.order_id, row.seller_order_id, row.number, row.amount, row.storage_key, row.source_key],
  );
  return rows[0];
}

/** Who an order and a seller order belong to (for authorization before anything is shown). */
export function orderParties(db: Db, orderId: number): Promise<{ id: number; buyer_id: number; paid_at: Date | null } | undefined> {
  return db('orders').where({ id: orderId }).first('id', 'buyer_id', 'paid_at');
}

export function sellerOrderParties(db: Db, sellerOrderId: number): Promise<{ id: number; order_id: number; buyer_id: number; seller_id: number; paid_at: Date | null } | undefined> {
  return db('seller_orders').where({ id: sellerOrderId }).first('id', 'order_id', 'buyer_id', 'seller_id', 'paid_at');
}

// ── credit note numbers ────────────────────────────────────────────────────────

/** Locks the seller's credit note counter (creating it at 0) until the transaction ends; the last number used. */
export async function lockCreditNoteCounter(trx: Knex.Transaction, sellerId: number): Promise<number> {
  await trx.raw(`insert into document_counters (seller_id, kind) values (?, 'credit_note') on conflict do nothing`, [sellerId]);
  const row = await trx('document_counters').where({ seller_id: sellerId, kind: 'credit_note' }).forUpdate().first('last_number');
  return Number(row.last_number);
}

export async function setCreditNoteCounter(trx: Knex.Transaction, sellerId: number, lastNumber: number): Promise<void> {
  await trx('document_counters').where({ seller_id: sellerId, kind: 'credit_note' }).update({ last_number: lastNumber });
}

// ── frozen order data ──────────────────────────────────────────────────────────

const lineColumns = ['title', 'variant_label', 'unit_price', 'quantity', 'line_total'];

function address(v: unknown): DocumentAddress | null {
  const a = (typeof v === 'string' ? JSON.parse(v) : v) as Partial<DocumentAddress> | null;
  if (!a || typeof a !== 'object' || !a.line1) return null;
  return { name: a.name ?? '', line1: a.line1, line2: a.line2 ?? '', postal_code: a.postal_code ?? '', city: a.city ?? '', country: a.country ?? '' };
}

/** A paid order with its seller parts and lines, or undefined while it is not paid (or does not exist). */
export async function loadReceiptData(db: Db, orderId: number): Promise<ReceiptData | undefined> {
  const o = await db('orders as o').join('users as u', 'u.id', 'o.buyer_id').where('o.id', orderId).first('o.*', 'u.display_name', 'u.email');
  if (!o?.paid_at) return undefined;
  const parts = await db('seller_orders as so').leftJoin('sellers as s', 's.user_id', 'so.seller_id').where('so.order_id', orderId).orderBy('so.id').select('so.id', 'so.shipping', 'so.discount', 'so.total', 's.shop_name');
  const lines: (DocumentLine & { seller_order_id: number })[] = await db('order_lines').where({ order_id: orderId }).orderBy('id').select(...lineColumns, 'seller_order_id');
  return {
    orderId: o.id,
    buyerId: o.buyer_id,
    currency: o.currency,
    paidAt: o.paid_at,
    buyer: { name: o.display_name, email: o.email },
    shippingAddress: address(o.shipping_address),
    parts: parts.map((p) => ({
      shopName: p.shop_name ?? 'Seller',
      lines: lines.filter((l) => l.seller_order_id === p.id),
      shipping: p.shipping,
      discount: p.discount,
      total: p.total,
    })),
    itemsTotal: o.items_total,
    shippingTotal: o.shipping_total,
    discountTotal: o.discount_total,
    total: o.total,
    walletAmount: o.wallet_amount,
    cardAmount: o.card_amount,
  };
}

/** A paid seller order with its issuer, customer and lines, or undefined while it is not paid (or does not exist). */
export async function loadInvoiceData(db: Db, sellerOrderId: number): Promise<InvoiceData | undefined> {
  const so = await db('seller_orders as so')
    .join('orders as o', 'o.id', 'so.order_id')
    .join('users as b', 'b.id', 'so.buyer_id')
    .leftJoin('sellers as s', 's.user_id', 'so.seller_id')
    .where('so.id', sellerOrderId)
    .first('so.*', 'o.shipping_address', 'b.display_name as buyer_name', 'b.email as buyer_email', 's.shop_name');
  if (!so?.paid_at) return undefined;
  const lines: DocumentLine[] = await db('order_lines').where({ seller_order_id: sellerOrderId }).orderBy('id').select(...lineColumns);
  return {
    orderId: so.order_id,
    sellerOrderId: so.id,
    buyerId: so.buyer_id,
    sellerId: so.seller_id,
    invoiceSeq: so.invoice_number,
    currency: so.currency,
    paidAt: so.paid_at,
    issuer: { shopName: so.shop_name ?? 'Seller' },
    customer: { name: so.buyer_name, email: so.buyer_email, address: address(so.shipping_address) },
    lines,
    itemsTotal: so.items_total,
    shipping: so.shipping,
    discount: so.discount,
    total: so.total,
  };
}
