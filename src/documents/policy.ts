/** Who may read which document. Anyone else is told it does not exist (no IDOR). */

interface Reader {
  id: number;
  is_admin: boolean;
}

/** The receipt covers the buyer's whole order (every seller's part): the buyer and admins only. */
export function canReadReceipt(user: Reader, order: { buyer_id: number }): boolean {
  return user.is_admin || user.id === order.buyer_id;
}

/** An invoice or credit note is between one seller and the buyer: those two and admins. */
export function canReadSellerDocument(user: Reader, sellerOrder: { buyer_id: number; seller_id: number }): boolean {
  return user.is_admin || user.id === sellerOrder.buyer_id || user.id === sellerOrder.seller_id;
}

/** Any stored document, by its kind. */
export function canReadDocument(user: Reader, doc: { kind: string; buyer_id: number; seller_id: number | null }): boolean {
  if (doc.kind === 'receipt' || doc.seller_id == null) return canReadReceipt(user, doc);
  return canReadSellerDocument(user, { buyer_id: doc.buyer_id, seller_id: doc.seller_id });
}
