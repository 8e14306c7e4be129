/** Named paths of refunds. */
export const refundsPaths = {
  adminRefunds: () => '/admin/refunds',
};
