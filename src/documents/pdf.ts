import { lazy } from '../lib/lazy.js';

const loadPdfkit = lazy(async () => (await import('pdfkit')).default);
import { formatMoney } from '../lib/money.js';
import type { DocumentAddress, DocumentLine, DocumentPerson, InvoiceData, ReceiptData } from './queries.js';

/**
 * Receipts, invoices and credit notes as PDF, drawn with pdfkit's built-in
 * Helvetica (nothing to download, nothing to embed). Each function takes the
 * frozen order data and returns the finished file.
 */

export interface RenderOptions {
  /** deflate the content streams (on by default; tests read the text back uncompressed) */
  compress?: boolean;
}

export type ReceiptDoc = ReceiptData & { number: string };
export type InvoiceDoc = InvoiceData & { number: string };

/** A refund against one invoice, as its credit note shows it. */
export interface CreditNoteDoc {
  number: string;
  invoiceNumber: string;
  orderId: number;
  sellerOrderId: number;
  currency: string;
  issuedAt: Date;
  issuer: { shopName: string };
  customer: DocumentPerson & { address: DocumentAddress | null };
  amount: number;
  invoiceTotal: number;
}

// WinAnsi beyond Latin-1: what the built-in fonts can draw in 0x80–0x9F
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * The built-in fonts only know Windows-1252: anything else would come out as
 * unrelated letters, so it becomes `?` (and Intl's narrow spaces plain spaces).
 */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC').replace(/[\u00a0\u202f\u2009]/g, ' ')) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch) ? ch : c === 0x0a ? ch : '?';
  }
  return out;
}

const dateText = (d: Date) => new Date(d).toISOString().slice(0, 10);

type Doc = PDFKit.PDFDocument;

const LEFT = 50;
const RIGHT = 545;
const COLS = { title: LEFT, qty: 330, unit: 380, amount: 465 };

async function start(title: string, author: string, at: Date, opts: RenderOptions): Promise<{ doc: Doc; done: Promise<Buffer> }> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: LEFT,
    compress: opts.compress ?? true,
    info: { Title: winAnsi(title), Author: winAnsi(author), Producer: 'Souk', Creator: 'Souk', CreationDate: new Date(at) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

function text(doc: Doc, s: string, x: number, y: number, o: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(winAnsi(s), x, y, { lineBreak: false, ...o });
}

function heading(doc: Doc, title: string, number: string, dateLabel: string, date: Date): void {
  doc.font('Helvetica-Bold').fontSize(20);
  text(doc, title, LEFT, 50);
  doc.font('Helvetica').fontSize(10);
  text(doc, `No. ${number}`, 350, 52, { width: RIGHT - 350, align: 'right' });
  text(doc, `${dateLabel}: ${dateText(date)}`, 350, 66, { width: RIGHT - 350, align: 'right' });
  doc.moveTo(LEFT, 90).lineTo(RIGHT, 90).strokeColor('#999999').stroke();
}

/** A block of lines under a bold label; returns the y below it. */
function block(doc: Doc, label: string, lines: string[], x: number, y: number): number {
  doc.font('Helvetica-Bold').fontSize(9);
  text(doc, label.toUpperCase(), x, y);
  doc.font('Helvetica').fontSize(10);
  let at = y + 14;
  for (const l of lines.filter(Boolean)) {
    text(doc, l, x, at, { width: 230, ellipsis: true });
    at += 13;
  }
  return at;
}

function addressLines(a: DocumentAddress | null): string[] {
  if (!a) return [];
  return [a.name, a.line1, a.line2, `${a.postal_code} ${a.city}`.trim(), a.country];
}

function tableHeader(doc: Doc, y: number): number {
  doc.font('Helvetica-Bold').fontSize(9);
  text(doc, 'Item', COLS.title, y);
  text(doc, 'Qty', COLS.qty, y, { width: 40, align: 'right' });
  text(doc, 'Unit price', COLS.unit, y, { width: 75, align: 'right' });
  text(doc, 'Amount', COLS.amount, y, { width: RIGHT - COLS.amount, align: 'right' });
  doc.moveTo(LEFT, y + 13).lineTo(RIGHT, y + 13).strokeColor('#cccccc').stroke();
  return y + 19;
}

/** Starts a new page when fewer than `room` points are left. */
function room(doc: Doc, y: number, needed: number): number {
  if (y + needed < doc.page.height - 70) return y;
  doc.addPage();
  return 50;
}

function lines(doc: Doc, items: DocumentLine[], currency: string, y: number): number {
  doc.font('Helvetica').fontSize(10);
  for (const l of items) {
    y = room(doc, y, 16);
    const title = l.variant_label ? `${l.title} (${l.variant_label})` : l.title;
    text(doc, title, COLS.title, y, { width: COLS.qty - COLS.title - 10, ellipsis: true });
    text(doc, String(l.quantity), COLS.qty, y, { width: 40, align: 'right' });
    text(doc, formatMoney(l.unit_price, currency), COLS.unit, y, { width: 75, align: 'right' });
    text(doc, formatMoney(l.line_total, currency), COLS.amount, y, { width: RIGHT - COLS.amount, align: 'right' });
    y += 15;
  }
  return y;
}

/** Label and amount rows aligned right; the last one in bold when `strong`. */
function totals(doc: Doc, rows: [string, string][], y: number, strong = true): number {
  y = room(doc, y, rows.length * 15 + 10);
  rows.forEach(([label, value], i) => {
    doc.font(strong && i === rows.length - 1 ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    text(doc, label, 300, y, { width: 150, align: 'right' });
    text(doc, value, COLS.amount, y, { width: RIGHT - COLS.amount, align: 'right' });
    y += 15;
  });
  return y;
}

function footer(doc: Doc, note: string, y: number): void {
  y = room(doc, y + 20, 40);
  doc.font('Helvetica').fontSize(8).fillColor('#666666');
  doc.text(winAnsi(note), LEFT, y, { width: RIGHT - LEFT });
  doc.fillColor('#000000');
}

/** The buyer's receipt for one paid order: every seller's part, shipping, the total and how it was paid. */
export async function renderReceipt(data: ReceiptDoc, opts: RenderOptions = {}): Promise<Buffer> {
  const { doc, done } = await start(`Receipt ${data.number}`, 'Souk', data.paidAt, opts);
  const m = (n: number) => formatMoney(n, data.currency);
  heading(doc, 'Receipt', data.number, 'Paid on', data.paidAt);
  const left = block(doc, 'Buyer', [data.buyer.name, data.buyer.email], LEFT, 105);
  const right = block(doc, 'Ship to', addressLines(data.shippingAddress), 300, 105);
  let y = Math.max(left, right, 150) + 10;
  doc.font('Helvetica').fontSize(10);
  text(doc, `Order #${data.orderId}`, LEFT, y);
  y += 22;
  for (const part of data.parts) {
    y = room(doc, y, 60);
    doc.font('Helvetica-Bold').fontSize(11);
    text(doc, `Sold by ${part.shopName}`, LEFT, y, { width: RIGHT - LEFT, ellipsis: true });
    y = tableHeader(doc, y + 18);
    y = lines(doc, part.lines, data.currency, y);
    const rows: [string, string][] = [['Shipping', m(part.shipping)]];
    if (part.discount) rows.push(['Discount', `-${m(part.discount)}`]);
    rows.push([`Total from ${part.shopName}`, m(part.total)]);
    y = totals(doc, rows, y + 4, false) + 12;
  }
  doc.moveTo(300, y).lineTo(RIGHT, y).strokeColor('#999999').stroke();
  const rows: [string, string][] = [
    ['Items', m(data.itemsTotal)],
    ['Shipping', m(data.shippingTotal)],
  ];
  if (data.discountTotal) rows.push(['Discount', `-${m(data.discountTotal)}`]);
  rows.push(['Total paid', m(data.total)]);
  y = totals(doc, rows, y + 8) + 10;
  const paid: [string, string][] = [];
  if (data.walletAmount) paid.push(['Paid from wallet', m(data.walletAmount)]);
  if (data.cardAmount) paid.push(['Paid by card', m(data.cardAmount)]);
  y = totals(doc, paid, y, false);
  footer(doc, 'Each seller issues their own invoice for their part of this order; you find them beside the order.', y);
  doc.end();
  return done;
}

/** The seller's invoice to the buyer for one paid seller order. */
export async function renderInvoice(data: InvoiceDoc, opts: RenderOptions = {}): Promise<Buffer> {
  const { doc, done } = await start(`Invoice ${data.number}`, data.issuer.shopName, data.paidAt, opts);
  const m = (n: number) => formatMoney(n, data.currency);
  heading(doc, 'Invoice', data.number, 'Date of payment', data.paidAt);
  const left = block(doc, 'From', [data.issuer.shopName, 'Sold through Souk'], LEFT, 105);
  const right = block(doc, 'Bill to', [data.customer.name, data.customer.email, ...addressLines(data.customer.address).slice(1)], 300, 105);
  let y = Math.max(left, right, 150) + 10;
  doc.font('Helvetica').fontSize(10);
  text(doc, `Order #${data.orderId}`, LEFT, y);
  y = tableHeader(doc, y + 22);
  y = lines(doc, data.lines, data.currency, y);
  const rows: [string, string][] = [
    ['Items', m(data.itemsTotal)],
    ['Shipping', m(data.shipping)],
  ];
  if (data.discount) rows.push(['Discount', `-${m(data.discount)}`]);
  rows.push(['Total', m(data.total)]);
  y = totals(doc, rows, y + 8);
  footer(doc, `Paid in full on ${dateText(data.paidAt)}.`, y);
  doc.end();
  return done;
}

/** The seller's credit note for one refund, referring to the invoice it corrects. */
export async function renderCreditNote(data: CreditNoteDoc, opts: RenderOptions = {}): Promise<Buffer> {
  const { doc, done } = await start(`Credit note ${data.number}`, data.issuer.shopName, data.issuedAt, opts);
  const m = (n: number) => formatMoney(n, data.currency);
  heading(doc, 'Credit note', data.number, 'Date', data.issuedAt);
  const left = block(doc, 'From', [data.issuer.shopName, 'Sold through Souk'], LEFT, 105);
  const right = block(doc, 'To', [data.customer.name, data.customer.email, ...addressLines(data.customer.address).slice(1)], 300, 105);
  let y = Math.max(left, right, 150) + 10;
  doc.font('Helvetica').fontSize(10);
  text(doc, `Refers to invoice ${data.invoiceNumber} (order #${data.orderId}), total ${m(data.invoiceTotal)}`, LEFT, y, { width: RIGHT - LEFT });
  y += 30;
  y = totals(doc, [['Amount refunded', m(data.amount)]], y);
  footer(doc, `This credit note reduces invoice ${data.invoiceNumber} by the amount refunded.`, y);
  doc.end();
  return done;
}
