import type { Knex } from 'knex';
import type { FileStore } from '../media/storage.js';
import { newKey } from '../media/storage.js';
import { emit } from '../outbox/outbox.js';
import { creditNoteNumber, invoiceNumber, receiptNumber } from './numbers.js';
import { renderCreditNote, renderInvoice, renderReceipt, type RenderOptions } from './pdf.js';
import {
  creditNoteFor,
  insertDocumentOnce,
  invoiceOf,
  loadInvoiceData,
  loadReceiptData,
  lockCreditNoteCounter,
  receiptOf,
  setCreditNoteCounter,
  type OrderDocumentRow,
} from './queries.js';

/**
 * Documents are rendered once from the frozen order data, stored, and never
 * regenerated: what the buyer downloaded is what the accountant files. Every
 * issue function is safe to run twice or at once (jobs are delivered at least
 * once): the unique number decides which run's file is kept, and the other
 * run's file is deleted again.
 */

export type IssueResult =
  | { status: 'stored' | 'exists'; document: OrderDocumentRow }
  /** nothing to document (yet): no such order, not paid, no invoice number, or a refund it cannot be */
  | { status: 'skipped'; reason: string };

const PDF = 'application/pdf';

/** A document and the parties who learn it is ready. */
type NewDocument = Omit<OrderDocumentRow, 'id' | 'created_at' | 'storage_key'> & { buyerId: number; sellerId: number | null };

/**
 * Writes the file under a fresh key, then inserts its row (and the event that
 * it is ready) in the transaction. If the row was already there, the file just
 * written is deleted again; the caller deletes it when the transaction fails.
 */
async function storeOnce(db: Knex.Transaction, store: FileStore, doc: NewDocument, pdf: Buffer): Promise<{ result: IssueResult; key: string | null }> {
  const key = newKey('file');
  await store.put(key, pdf, PDF);
  const { buyerId, sellerId, ...row } = doc;
  try {
    const inserted = await insertDocumentOnce(db, { ...row, storage_key: key });
    if (inserted) {
      await emit(db, 'document.issued', { documentId: inserted.id, kind: row.kind, orderId: row.order_id, sellerOrderId: row.seller_order_id, userId: buyerId, sellerId });
      return { result: { status: 'stored', document: inserted }, key };
    }
  } catch (err) {
    await store.delete(key).catch(() => {});
    throw err;
  }
  await store.delete(key);
  const existing = await (row.source_key ? creditNoteFor(db, row.source_key) : db<OrderDocumentRow>('order_documents').where({ kind: row.kind, number: row.number }).first());
  if (!existing) throw new Error(`document number ${row.number} is already used by another document`);
  return { result: { status: 'exists', document: existing }, key: null };
}

/** storeOnce in a transaction of its own, so the row and its `document.issued` event commit together. */
async function storeCommitted(db: Knex, store: FileStore, doc: NewDocument, pdf: Buffer): Promise<IssueResult> {
  let written: string | null = null;
  try {
    return await db.transaction(async (trx) => {
      const { result, key } = await storeOnce(trx, store, doc, pdf);
      written = key;
      return result;
    });
  } catch (err) {
    // the row rolled back: its file must not stay behind
    if (written) await store.delete(written).catch(() => {});
    throw err;
  }
}

/** The buyer's receipt for a paid order. */
export async function issueReceipt(db: Knex, store: FileStore, orderId: number, opts: RenderOptions = {}): Promise<IssueResult> {
  const existing = await receiptOf(db, orderId);
  if (existing) return { status: 'exists', document: existing };
  const data = await loadReceiptData(db, orderId);
  if (!data) return { status: 'skipped', reason: 'order not paid' };
  const number = receiptNumber(orderId);
  const pdf = await renderReceipt({ ...data, number }, opts);
  const doc = { kind: 'receipt', order_id: orderId, seller_order_id: null, number, amount: data.total, source_key: null, buyerId: data.buyerId, sellerId: null } as const;
  return storeCommitted(db, store, doc, pdf);
}

/** The seller's invoice for a paid seller order, under the number the payment allocated. */
export async function issueInvoice(db: Knex, store: FileStore, sellerOrderId: number, opts: RenderOptions = {}): Promise<IssueResult> {
  const existing = await invoiceOf(db, sellerOrderId);
  if (existing) return { status: 'exists', document: existing };
  const data = await loadInvoiceData(db, sellerOrderId);
  if (!data) return { status: 'skipped', reason: 'seller order not paid' };
  if (data.invoiceSeq == null) return { status: 'skipped', reason: 'no invoice number' };
  const number = invoiceNumber(data.sellerId, data.invoiceSeq);
  const pdf = await renderInvoice({ ...data, number }, opts);
  const doc = { kind: 'invoice', order_id: data.orderId, seller_order_id: sellerOrderId, number, amount: data.total, source_key: null, buyerId: data.buyerId, sellerId: data.sellerId } as const;
  return storeCommitted(db, store, doc, pdf);
}

/** One refund of a seller order, as the orders domain announced it. */
export interface RefundFacts {
  sellerOrderId: number;
  /** unique per refund: a refund is documented once */
  refundKey: string;
  amount: number;
  /** when the refund was made (the event's time), printed as the credit note's date */
  issuedAt: Date;
}

/**
 * The seller's credit note for one refund. Its number comes from the seller's
 * counter, locked and moved in the same transaction that inserts the row, so
 * numbers run without gaps even when refunds are documented at once; the file
 * is written while the lock is held and deleted again if that transaction does
 * not commit.
 */
export async function issueCreditNote(db: Knex, store: FileStore, refund: RefundFacts, opts: RenderOptions = {}): Promise<IssueResult> {
  if (!refund.refundKey) return { status: 'skipped', reason: 'no refund key' };
  if (!Number.isSafeInteger(refund.amount) || refund.amount <= 0) return { status: 'skipped', reason: 'no amount refunded' };
  const known = await creditNoteFor(db, refund.refundKey);
  if (known) return { status: 'exists', document: known };
  const invoice = await loadInvoiceData(db, refund.sellerOrderId);
  if (!invoice) return { status: 'skipped', reason: 'seller order not paid' };
  if (invoice.invoiceSeq == null) return { status: 'skipped', reason: 'no invoice number' };
  if (refund.amount > invoice.total) return { status: 'skipped', reason: 'refund larger than the invoice' };
  let written: string | null = null;
  try {
    return await db.transaction(async (trx) => {
      const last = await lockCreditNoteCounter(trx, invoice.sellerId);
      // a run for the same refund may have committed while this one waited for the lock
      const raced = await creditNoteFor(trx, refund.refundKey);
      if (raced) return { status: 'exists', document: raced } as const;
      const n = last + 1;
      const number = creditNoteNumber(invoice.sellerId, n);
      const pdf = await renderCreditNote(
        {
          number,
          invoiceNumber: invoiceNumber(invoice.sellerId, invoice.invoiceSeq!),
          orderId: invoice.orderId,
          sellerOrderId: invoice.sellerOrderId,
          currency: invoice.currency,
          issuedAt: refund.issuedAt,
          issuer: invoice.issuer,
          customer: invoice.customer,
          amount: refund.amount,
          invoiceTotal: invoice.total,
        },
        opts,
      );
      const doc = { kind: 'credit_note', order_id: invoice.orderId, seller_order_id: invoice.sellerOrderId, number, amount: refund.amount, source_key: refund.refundKey, buyerId: invoice.buyerId, sellerId: invoice.sellerId } as const;
      const { result, key } = await storeOnce(trx, store, doc, pdf);
      if (result.status !== 'stored') return result;
      written = key;
      await setCreditNoteCounter(trx, invoice.sellerId, n);
      return result;
    });
  } catch (err) {
    // the row (and the number) rolled back: its file must not stay behind
    if (written) await store.delete(written).catch(() => {});
    throw err;
  }
}
