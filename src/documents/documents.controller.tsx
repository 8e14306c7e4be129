import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { DocumentPending } from '../../views/documents/pending.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { render } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { storeFor } from '../media/storage.js';
import { canReadDocument, canReadReceipt, canReadSellerDocument } from './policy.js';
import { findDocument, invoiceOf, orderParties, receiptOf, sellerOrderParties, type OrderDocumentRow } from './queries.js';

/** Streams a stored PDF. Its number is ours (letters, digits, dashes), safe in the header as it is. */
async function sendPdf(req: Request, res: Response, doc: OrderDocumentRow): Promise<void> {
  const s = services(req);
  const obj = await storeFor(s.config).get(doc.storage_key);
  if (!obj) {
    s.log.error({ documentId: doc.id, key: doc.storage_key }, 'stored document file is missing');
    throw notFound('That document');
  }
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${doc.number}.pdf"`,
    'Content-Length': String(obj.bytes),
    // personal data: never kept by a shared cache or on a shared computer
    'Cache-Control': 'private, no-store',
    // the page policy's object-src 'none' would stop the browser's own PDF viewer
    'Content-Security-Policy': "frame-ancestors 'none'",
  });
  await pipeline(obj.stream, res);
}

/** The document's job has not run yet: a page saying so, not an error. */
async function pending(req: Request, res: Response, what: string): Promise<void> {
  res.set({ 'Cache-Control': 'no-store', 'Retry-After': '5' });
  await render(req, res, { title: `Your ${what} is being prepared`, status: 404, body: () => <DocumentPending what={what} url={req.originalUrl} /> });
}

export const documentsController = {
  /** GET the buyer's receipt for an order. */
  async receipt(req: Request, res: Response) {
    const id = idParam(req.params.orderId);
    const order = id ? await orderParties(services(req).db, id) : undefined;
    if (!order || !canReadReceipt(req.user!, order)) throw notFound('That receipt');
    const doc = await receiptOf(services(req).db, order.id);
    if (doc) return sendPdf(req, res, doc);
    if (!order.paid_at) throw notFound('That receipt');
    await pending(req, res, 'receipt');
  },

  /** GET one seller's invoice for their part of an order. */
  async invoice(req: Request, res: Response) {
    const id = idParam(req.params.sellerOrderId);
    const so = id ? await sellerOrderParties(services(req).db, id) : undefined;
    if (!so || !canReadSellerDocument(req.user!, so)) throw notFound('That invoice');
    const doc = await invoiceOf(services(req).db, so.id);
    if (doc) return sendPdf(req, res, doc);
    if (!so.paid_at) throw notFound('That invoice');
    await pending(req, res, 'invoice');
  },

  /** GET a stored document by id (credit notes are linked this way). */
  async show(req: Request, res: Response) {
    const id = idParam(req.params.id);
    const doc = id ? await findDocument(services(req).db, id) : undefined;
    if (!doc || !canReadDocument(req.user!, doc)) throw notFound('That document');
    await sendPdf(req, res, doc);
  },
};
