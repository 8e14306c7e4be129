/** Named paths of refunds. */
export const refundsPaths = {
  /** GET finds a person (?user=email or id) and offers the form; POST refunds */
  adminRefunds: () => '/admin/refunds',
  /** the person's own receipt */
  refundReceipt: (id: number | string) => `/wallet/refunds/${id}`,
};
