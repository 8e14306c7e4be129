type Id = number | string;

/** Named paths of buying: checkout, the buyer's orders and what a buyer does with them. */
export const ordersPaths = {
  // ── buyer ────────────────────────────────────────────────────────────────
  checkout: () => '/checkout',
  /** GET the buyer's orders; POST places one from the cart */
  orders: () => '/orders',
  order: (id: Id) => `/orders/${id}`,
  /** POST starts (or resumes) the card part of an unpaid order */
  orderPayment: (id: Id) => `/orders/${id}/payment`,
  /** POST cancels an unpaid order */
  orderCancellation: (id: Id) => `/orders/${id}/cancellation`,
  /** POST: the buyer confirms they received this part */
  sellerOrderReceipt: (id: Id) => `/seller-orders/${id}/receipt`,
  /** POST cancels one seller's part before it ships (buyer or seller) */
  sellerOrderCancellation: (id: Id) => `/seller-orders/${id}/cancellation`,
  /** the form to report a problem with one part (a dispute) */
  sellerOrderDisputeForm: (id: Id) => `/seller-orders/${id}/dispute/new`,
  // ── seller ───────────────────────────────────────────────────────────────
  /** the seller's orders inbox; `?tab=` picks the tab */
  sellerOrders: () => '/seller/orders',
  /** the live part of the inbox alone (tabs, counts, table) */
  sellerOrderList: () => '/seller/orders/list',
  /** the seller's part of one order (the seller order id) */
  sellerOrder: (id: Id) => `/seller/orders/${id}`,
  /** POST: the seller accepts the order (or the booking) */
  sellerOrderAcceptance: (id: Id) => `/seller-orders/${id}/acceptance`,
  /** POST: carrier and tracking number */
  sellerOrderShipment: (id: Id) => `/seller-orders/${id}/shipment`,
  /** POST: delivered by the carrier */
  sellerOrderDelivery: (id: Id) => `/seller-orders/${id}/delivery`,
  // ── admin ────────────────────────────────────────────────────────────────
  adminOrders: () => '/admin/orders',
  adminOrder: (id: Id) => `/admin/orders/${id}`,
};
