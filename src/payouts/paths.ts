/** Named paths of payouts. */
export const payoutsPaths = {
  payouts: () => '/wallet/payouts',
  adminPayouts: () => '/admin/payouts',
};
