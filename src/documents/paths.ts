type Id = number | string;

/** Named paths of order documents (PDF files). */
export const documentsPaths = {
  /** the buyer's receipt for a whole order */
  orderReceiptPdf: (orderId: Id) => `/orders/${orderId}/receipt.pdf`,
  /** one seller's invoice for their part of an order */
  sellerOrderInvoicePdf: (sellerOrderId: Id) => `/seller-orders/${sellerOrderId}/invoice.pdf`,
  /** any stored document by its id (credit notes are linked this way) */
  documentPdf: (id: Id) => `/documents/${id}.pdf`,
};
