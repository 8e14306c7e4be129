/** Named paths of payouts (and the reconciliation pages that live beside the admin payout queue). */
export const payoutsPaths = {
  payouts: () => '/wallet/payouts',
  payoutList: () => '/wallet/payouts/list',
  payoutMethods: () => '/wallet/payout-methods',
  payoutMethod: (id: number | string) => `/wallet/payout-methods/${id}`,
  adminPayouts: () => '/admin/payouts',
  adminPayoutList: () => '/admin/payouts/list',
  adminPayoutApproval: (id: number | string) => `/admin/payouts/${id}/approval`,
  adminPayoutRejection: (id: number | string) => `/admin/payouts/${id}/rejection`,
  adminReconciliation: () => '/admin/payouts/reconciliation',
  adminReconciliationRuns: () => '/admin/payouts/reconciliation/runs',
  adminReconciliationRun: (id: number | string) => `/admin/payouts/reconciliation/runs/${id}`,
};
