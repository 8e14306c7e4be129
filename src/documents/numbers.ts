/** Document numbers: what a buyer quotes and an accountant files, so their shape never changes. */

const pad = (n: number) => String(n).padStart(6, '0');

/** One receipt per order: `RCT-000123` (the order's id). */
export function receiptNumber(orderId: number): string {
  return `RCT-${pad(orderId)}`;
}

/** The seller's own invoice sequence: `INV-<sellerId>-000042` (allocated at payment by the orders domain). */
export function invoiceNumber(sellerId: number, n: number): string {
  return `INV-${sellerId}-${pad(n)}`;
}

/** The seller's credit note sequence: `CN-<sellerId>-000007`. */
export function creditNoteNumber(sellerId: number, n: number): string {
  return `CN-${sellerId}-${pad(n)}`;
}
