import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCreditNoteJob, issueInvoiceJob, issueReceiptJob } from '../../jobs/documents/issue-documents.job.js';
import { loadConfig } from '../../src/config.js';
import { issueInvoice, issueReceipt } from '../../src/documents/documents.js';
import { documentsReactions } from '../../src/documents/reactions.js';
import { reactions } from '../../src/events.js';
import { mergeReactions, type Reactions } from '../../src/outbox/reaction.js';
import { creditNoteNumber, invoiceNumber, receiptNumber } from '../../src/documents/numbers.js';
import { winAnsi } from '../../src/documents/pdf.js';
import { documentsForOrder, type OrderDocumentRow } from '../../src/documents/queries.js';
import { sweepOrphans } from '../../src/media/orphans.js';
import { newKey, readAll, storeFor, type FileStore } from '../../src/media/storage.js';
import { emit } from '../../src/outbox/outbox.js';
import { DocumentLinks } from '../../views/documents/document-links.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { Client } from '../http.js';
import { parse } from 'node-html-parser';
import { eventJob, jobRuntime, paidOrder, pdfText, type PaidOrder } from './helpers.js';

let app: TestApp;
let store: FileStore;
let rt: ReturnType<typeof jobRuntime>;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  rt = jobRuntime(app.db, app.env);
  store = storeFor(loadConfig(app.env));
});
afterAll(async () => {
  await app?.stop();
});

const docsOf = (orderId: number): Promise<OrderDocumentRow[]> => app.db('order_documents').where({ order_id: orderId }).orderBy('id');

async function fileOf(doc: OrderDocumentRow): Promise<Buffer> {
  const obj = await store.get(doc.storage_key);
  expect(obj, `file of ${doc.number}`).toBeTruthy();
  return readAll(obj!);
}

/** Every file in the store: each must belong to a document row (no stray file from a losing run). */
async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list('file/')) keys.push(o.key);
  return keys.sort();
}
async function referencedKeys(): Promise<string[]> {
  return (await app.db('order_documents').pluck('storage_key')).sort();
}

/** One order with two sellers: a lamp shop (two lines, shipping) and a print shop. */
async function twoSellerOrder(): Promise<PaidOrder & { lamps: Awaited<ReturnType<typeof createSeller>>; prints: Awaited<ReturnType<typeof createSeller>> }> {
  const lamps = await createSeller(app.db, { shop_name: `Brass & Light ${Date.now()}` });
  const prints = await createSeller(app.db, { shop_name: `Paper Moon ${Date.now()}` });
  const o = await paidOrder(app.db, {
    walletAmount: 1000,
    parts: [
      { seller: lamps, lines: [{ title: 'Brass desk lamp', unitPrice: 123450 }, { title: 'Linen shade', unitPrice: 1999, quantity: 2, variantLabel: 'Sand' }], shipping: 750, commission: 12777 },
      { seller: prints, lines: [{ title: 'Harbour print', unitPrice: 4500 }] },
    ],
  });
  return { ...o, lamps, prints };
}

describe('reacting to order events', () => {
  it('combines the reactions of every domain to one topic instead of keeping the last', async () => {
    const orders: Reactions = { 'order.paid': { live: () => [{ stream: 'user:1', event: 'orders', data: 'changed' }], jobs: [{ queue: 'notifications', name: 'from-event' }] } };
    const merged = mergeReactions(orders, documentsReactions, { 'order.paid': { jobs: [{ queue: 'notifications', name: 'from-event' }] } });
    expect(merged['order.paid'].jobs).toEqual([
      { queue: 'notifications', name: 'from-event' },
      { queue: 'documents', name: 'issue-receipt' },
    ]);
    expect(await merged['order.paid'].live!({})).toEqual([{ stream: 'user:1', event: 'orders', data: 'changed' }]);
    expect(merged['seller_order.refunded']).toBe(documentsReactions['seller_order.refunded']);
    for (const topic of ['order.paid', 'seller_order.paid', 'seller_order.refunded']) expect(reactions[topic].jobs).toContainEqual(documentsReactions[topic].jobs![0]);
  });
});

describe('rendering', () => {
  it('receipt: every seller part, shipping, total and how it was paid', async () => {
    const o = await twoSellerOrder();
    const r = await issueReceiptJob(rt, eventJob('issue-receipt', { orderId: o.order.id, userId: o.buyer.id }));
    expect(r).toEqual({ result: 'stored', number: receiptNumber(o.order.id) });
    const [doc] = await docsOf(o.order.id);
    expect(doc).toMatchObject({ kind: 'receipt', number: receiptNumber(o.order.id), amount: 132698, seller_order_id: null });
    const pdf = await fileOf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const t = pdfText(pdf);
    for (const s of [
      'Receipt',
      receiptNumber(o.order.id),
      'Paid on: 2026-03-14',
      'Ana Sousa',
      'Rua das Flores 12',
      '1200-195 Lisboa',
      `Sold by ${o.lamps.shop_name}`,
      `Sold by ${o.prints.shop_name}`,
      'Brass desk lamp',
      'Linen shade (Sand)',
      '€1,234.50',
      '€19.99',
      '€39.98',
      '€7.50',
      '€45.00',
      'Total paid',
      '€1,326.98',
      'Paid from wallet',
      '€10.00',
      'Paid by card',
      '€1,316.98',
    ])
      expect(t).toContain(s);
  });

  it('invoice: the seller as issuer, the buyer with their address, the number, no commission', async () => {
    const o = await twoSellerOrder();
    const so = o.sellerOrders[0];
    const number = invoiceNumber(o.lamps.id, so.invoice_number);
    expect(number).toMatch(new RegExp(`^INV-${o.lamps.id}-\\d{6}$`));
    expect(await issueInvoiceJob(rt, eventJob('issue-invoice', { orderId: o.order.id, sellerOrderId: so.id, sellerId: o.lamps.id, buyerId: o.buyer.id, userId: o.lamps.id }))).toEqual({ result: 'stored', number });
    const [doc] = await docsOf(o.order.id);
    expect(doc).toMatchObject({ kind: 'invoice', number, seller_order_id: so.id, amount: 128198 });
    const pdf = await fileOf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const t = pdfText(pdf);
    for (const s of ['Invoice', `No. ${number}`, 'Date of payment: 2026-03-14', o.lamps.shop_name, 'Ana Sousa', o.buyer.email, 'Rua das Flores 12', 'Brass desk lamp', '€1,234.50', 'Shipping', '€7.50', '€1,281.98'])
      expect(t).toContain(s);
    expect(t).not.toContain(o.prints.shop_name);
    expect(t).not.toContain('Harbour print');
    expect(t.toLowerCase()).not.toContain('commission');
    expect(t).not.toContain('€127.77');
  });

  it('invoice of an order without a shipping address (digital goods) still names the buyer', async () => {
    const seller = await createSeller(app.db);
    const o = await paidOrder(app.db, { address: null, parts: [{ seller, lines: [{ title: 'Pattern PDF', unitPrice: 900 }] }] });
    await issueInvoice(app.db, store, o.sellerOrders[0].id, { compress: false });
    const [doc] = await docsOf(o.order.id);
    const t = pdfText(await fileOf(doc));
    expect(t).toContain('Ana Sousa');
    expect(t).toContain('€9.00');
  });

  it('text the built-in fonts cannot draw becomes "?" rather than other letters', () => {
    expect(winAnsi('Café “Ré” – €5')).toBe('Café “Ré” – €5');
    expect(winAnsi('日本 lamp')).toBe('?? lamp');
    expect(winAnsi('1\u202f234')).toBe('1 234');
  });
});

describe('stored once', () => {
  it('a job run twice, or twice at once, keeps one document and no stray file', async () => {
    const o = await twoSellerOrder();
    const so = o.sellerOrders[1];
    const job = eventJob('issue-invoice', { sellerOrderId: so.id });
    await Promise.all([issueInvoiceJob(rt, job), issueInvoiceJob(rt, job), issueInvoiceJob(rt, job)]);
    expect(await issueInvoiceJob(rt, job)).toEqual({ result: 'exists', number: invoiceNumber(o.prints.id, so.invoice_number) });
    await Promise.all([issueReceiptJob(rt, eventJob('issue-receipt', { orderId: o.order.id })), issueReceipt(app.db, store, o.order.id, { compress: false })]);
    await issueReceiptJob(rt, eventJob('issue-receipt', { orderId: o.order.id }));
    const docs = await docsOf(o.order.id);
    expect(docs.map((d) => d.kind).sort()).toEqual(['invoice', 'receipt']);
    expect(await storedKeys()).toEqual(await referencedKeys());
    // the first file is the one kept: a later run did not replace it
    const before = docs.map((d) => d.storage_key);
    await issueInvoice(app.db, store, so.id, { compress: false });
    expect((await docsOf(o.order.id)).map((d) => d.storage_key)).toEqual(before);
  });

  it('an order that is not paid gets nothing (and no file)', async () => {
    const seller = await createSeller(app.db);
    const o = await paidOrder(app.db, { parts: [{ seller, lines: [{ title: 'Vase', unitPrice: 3000 }] }] });
    await app.db('orders').where({ id: o.order.id }).update({ paid_at: null, status: 'awaiting_payment' });
    await app.db('seller_orders').where({ order_id: o.order.id }).update({ paid_at: null, status: 'awaiting_payment', invoice_number: null });
    expect((await issueReceiptJob(rt, eventJob('issue-receipt', { orderId: o.order.id }))).result).toMatch(/^skipped/);
    expect((await issueInvoiceJob(rt, eventJob('issue-invoice', { sellerOrderId: o.sellerOrders[0].id }))).result).toMatch(/^skipped/);
    expect(await docsOf(o.order.id)).toEqual([]);
    expect(await storedKeys()).toEqual(await referencedKeys());
  });
});

describe('credit notes', () => {
  it('number per seller without gaps when refunds are documented at once; a replayed refund is documented once', async () => {
    const seller = await createSeller(app.db);
    const a = await paidOrder(app.db, { parts: [{ seller, lines: [{ title: 'Teapot', unitPrice: 10000 }] }] });
    const b = await paidOrder(app.db, { parts: [{ seller, lines: [{ title: 'Cups', unitPrice: 8000 }] }] });
    const refunds = Array.from({ length: 10 }, (_, i) => ({ sellerOrderId: (i % 2 ? b : a).sellerOrders[0].id, amount: 100 * (i + 1), refundKey: `refund-${seller.id}-${i}` }));
    const jobs = [...refunds, refunds[3], refunds[7]].map((r) => issueCreditNoteJob(rt, eventJob('issue-credit-note', { ...r, sellerId: seller.id })));
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r.result === 'stored')).toHaveLength(10);
    const notes: OrderDocumentRow[] = await app.db('order_documents').where({ kind: 'credit_note' }).whereIn('source_key', refunds.map((r) => r.refundKey)).orderBy('number');
    expect(notes.map((n) => n.number)).toEqual(Array.from({ length: 10 }, (_, i) => creditNoteNumber(seller.id, i + 1)));
    expect(notes.map((n) => n.amount).sort((x, y) => x - y)).toEqual(refunds.map((r) => r.amount));
    expect(await app.db('document_counters').where({ seller_id: seller.id, kind: 'credit_note' }).first()).toMatchObject({ last_number: 10 });
    expect(await storedKeys()).toEqual(await referencedKeys());

    // the note refers to its invoice and shows the amount refunded
    const fourth = notes.find((n) => n.source_key === refunds[3].refundKey)!;
    const t = pdfText(await fileOf(fourth));
    expect(t).toContain('Credit note');
    expect(t).toContain(fourth.number);
    expect(t).toContain(invoiceNumber(seller.id, b.sellerOrders[0].invoice_number));
    expect(t).toContain('Amount refunded');
    expect(t).toContain('€4.00');

    // another seller's numbers start at 1
    const other = await createSeller(app.db);
    const c = await paidOrder(app.db, { parts: [{ seller: other, lines: [{ title: 'Bowl', unitPrice: 5000 }] }] });
    expect(await issueCreditNoteJob(rt, eventJob('issue-credit-note', { sellerOrderId: c.sellerOrders[0].id, amount: 5000, refundKey: `refund-${other.id}-all` }))).toEqual({
      result: 'stored',
      number: creditNoteNumber(other.id, 1),
    });
  });

  it('refuses what cannot be a refund of that order, using no number', async () => {
    const seller = await createSeller(app.db);
    const o = await paidOrder(app.db, { parts: [{ seller, lines: [{ title: 'Rug', unitPrice: 2000 }] }] });
    const id = o.sellerOrders[0].id;
    for (const p of [{ amount: 0, refundKey: 'r0' }, { amount: 2001, refundKey: 'r1' }, { amount: 100, refundKey: '' }])
      expect((await issueCreditNoteJob(rt, eventJob('issue-credit-note', { sellerOrderId: id, ...p }))).result).toMatch(/^skipped/);
    expect(await app.db('document_counters').where({ seller_id: seller.id }).first()).toBeUndefined();
  });
});

describe('reading documents', () => {
  let o: Awaited<ReturnType<typeof twoSellerOrder>>;
  let note: OrderDocumentRow;
  let pendingOrder: PaidOrder;

  const client = async (user: { email: string; password: string }) => {
    const c = new Client(app.baseUrl);
    expect((await c.signIn(user.email, user.password)).status).toBe(200);
    return c;
  };
  const urls = () => ({
    receipt: `/orders/${o.order.id}/receipt.pdf`,
    invoice: `/seller-orders/${o.sellerOrders[0].id}/invoice.pdf`,
    otherInvoice: `/seller-orders/${o.sellerOrders[1].id}/invoice.pdf`,
    creditNote: `/documents/${note.id}.pdf`,
  });
  const pdfs = async (c: Client) => {
    const out: Record<string, number> = {};
    for (const [name, url] of Object.entries(urls())) out[name] = (await c.get(url)).status;
    return out;
  };

  beforeAll(async () => {
    o = await twoSellerOrder();
    await issueReceiptJob(rt, eventJob('issue-receipt', { orderId: o.order.id }));
    for (const so of o.sellerOrders) await issueInvoiceJob(rt, eventJob('issue-invoice', { sellerOrderId: so.id }));
    await issueCreditNoteJob(rt, eventJob('issue-credit-note', { sellerOrderId: o.sellerOrders[0].id, amount: 1999, refundKey: `shade-${o.order.id}` }));
    note = (await app.db('order_documents').where({ kind: 'credit_note', order_id: o.order.id }).first())!;
    pendingOrder = await paidOrder(app.db, { buyer: o.buyer, parts: [{ seller: o.lamps, lines: [{ title: 'Wall lamp', unitPrice: 5000 }] }] });
  });

  it('the buyer gets every document of their order as an inline PDF', async () => {
    const c = await client(o.buyer);
    const page = await c.get(urls().invoice);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/pdf');
    const number = invoiceNumber(o.lamps.id, o.sellerOrders[0].invoice_number);
    expect(page.headers.get('content-disposition')).toBe(`inline; filename="${number}.pdf"`);
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.html.startsWith('%PDF-')).toBe(true);
    expect(await pdfs(c)).toEqual({ receipt: 200, invoice: 200, otherInvoice: 200, creditNote: 200 });
  });

  it('a seller gets their own invoice and credit note, not the buyer’s receipt nor another seller’s invoice', async () => {
    expect(await pdfs(await client(o.lamps))).toEqual({ receipt: 404, invoice: 200, otherInvoice: 404, creditNote: 200 });
    expect(await pdfs(await client(o.prints))).toEqual({ receipt: 404, invoice: 404, otherInvoice: 200, creditNote: 404 });
  });

  it('anyone else gets 404 on every document; admins get them all; visitors are sent to sign in', async () => {
    expect(await pdfs(await client(await createUser(app.db)))).toEqual({ receipt: 404, invoice: 404, otherInvoice: 404, creditNote: 404 });
    expect(await pdfs(await client(await createAdmin(app.db)))).toEqual({ receipt: 200, invoice: 200, otherInvoice: 200, creditNote: 200 });
    const visitor = await new Client(app.baseUrl).get(urls().receipt, { follow: false });
    expect(visitor.status).toBe(303);
    // missing and malformed ids are plain 404s
    const stranger = await client(o.buyer);
    for (const url of ['/orders/999999999/receipt.pdf', '/seller-orders/abc/invoice.pdf', '/documents/0.pdf']) expect((await stranger.get(url)).status).toBe(404);
  });

  it('a paid order whose documents are not made yet says they are being prepared (not an error)', async () => {
    const c = await client(o.buyer);
    const page = await c.get(`/orders/${pendingOrder.order.id}/receipt.pdf`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.doc.querySelector('h1')?.textContent).toContain('Your receipt is being prepared');
    const inv = await c.get(`/seller-orders/${pendingOrder.sellerOrders[0].id}/invoice.pdf`);
    expect(inv.status).toBe(404);
    expect(inv.doc.querySelector('h1')?.textContent).toContain('Your invoice is being prepared');
    // and nobody else learns that the order exists
    const other = await client(await createUser(app.db));
    expect((await other.get(`/orders/${pendingOrder.order.id}/receipt.pdf`)).doc.querySelector('h1')?.textContent).not.toContain('prepared');
  });

  it('the links partial lists the receipt, the invoices and the credit notes', async () => {
    const html = await DocumentLinks({ orderId: o.order.id, documents: await documentsForOrder(app.db, o.order.id) });
    const doc = parse(html);
    const links = doc.querySelectorAll(`#order-documents-${o.order.id} a`).map((a) => a.getAttribute('href'));
    expect(links).toEqual([urls().receipt, urls().invoice, urls().otherInvoice, urls().creditNote]);
    expect(doc.textContent).toContain('(refund of €19.99)');
    const none = parse(await DocumentLinks({ orderId: pendingOrder.order.id, documents: [], paid: true }));
    expect(none.textContent).toContain('being prepared');
  });
});

describe('through the worker', () => {
  it('order and seller order events lead to a receipt, an invoice and a credit note', async () => {
    const seller = await createSeller(app.db);
    const o = await paidOrder(app.db, { parts: [{ seller, lines: [{ title: 'Oak stool', unitPrice: 15000 }], shipping: 1200 }] });
    const so = o.sellerOrders[0];
    await app.db.transaction(async (trx) => {
      await emit(trx, 'order.paid', { orderId: o.order.id, userId: o.buyer.id });
      await emit(trx, 'seller_order.paid', { orderId: o.order.id, sellerOrderId: so.id, sellerId: seller.id, buyerId: o.buyer.id, userId: seller.id });
      await emit(trx, 'seller_order.refunded', { orderId: o.order.id, sellerOrderId: so.id, sellerId: seller.id, buyerId: o.buyer.id, amount: 1200, refundKey: `ship-${so.id}`, userId: seller.id });
    });
    await app.drainOutbox();
    const docs = (await eventually(async () => {
      const d = await docsOf(o.order.id);
      return d.length === 3 ? d : null;
    }))!;
    expect(docs.map((d) => [d.kind, d.number]).sort()).toEqual(
      [
        ['credit_note', creditNoteNumber(seller.id, 1)],
        ['invoice', invoiceNumber(seller.id, so.invoice_number)],
        ['receipt', receiptNumber(o.order.id)],
      ].sort(),
    );
    // the worker renders uncompressed under NODE_ENV=test, so the number can be read back
    expect(pdfText(await fileOf(docs.find((d) => d.kind === 'invoice')!))).toContain(invoiceNumber(seller.id, so.invoice_number));
  });
});

describe('the orphan sweep', () => {
  it('keeps document files and removes a stray one', async () => {
    const stray = newKey('file');
    await store.put(stray, Buffer.from('%PDF- left by a crash'), 'application/pdf');
    const keys = await referencedKeys();
    expect(keys.length).toBeGreaterThan(0);
    const result = await sweepOrphans(app.db, store, { graceMs: 0, nowMs: Date.now() + 1000 });
    expect(result.deleted).toBe(1);
    expect(await store.exists(stray)).toBe(false);
    for (const k of keys) expect(await store.exists(k)).toBe(true);
  });
});
