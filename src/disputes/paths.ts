type Id = number | string;

/**
 * Named paths of disputes. The form that opens one lives with the buyer's order
 * paths (`sellerOrderDisputeForm`); everything after it is here.
 */
export const disputesPaths = {
  /** POST opens a dispute on one seller's part of an order (the buyer) */
  sellerOrderDisputes: (id: Id) => `/seller-orders/${id}/disputes`,
  /** the dispute page, for its buyer, its seller and admins */
  dispute: (id: Id) => `/disputes/${id}`,
  /** the live thread alone (re-fetched on the `disputes` signal) */
  disputeThread: (id: Id) => `/disputes/${id}/thread`,
  /** the live status and actions alone */
  disputeStatus: (id: Id) => `/disputes/${id}/status`,
  /** POST adds a message (with photos) */
  disputeMessages: (id: Id) => `/disputes/${id}/messages`,
  /** one photo of a message, for the parties and admins only */
  disputePhoto: (id: Id, messageId: Id, n: Id) => `/disputes/${id}/messages/${messageId}/photos/${n}`,
  /** POST: the seller refunds in full or in part */
  disputeRefund: (id: Id) => `/disputes/${id}/refund`,
  /** POST: the buyer withdraws the dispute */
  disputeWithdrawal: (id: Id) => `/disputes/${id}/withdrawal`,
  /** POST: an admin decides */
  disputeDecision: (id: Id) => `/disputes/${id}/decision`,
  /** the admin queue; `?status=open|escalated|resolved` filters it */
  adminDisputes: () => '/admin/disputes',
};
