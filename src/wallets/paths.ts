/** Named paths of the user's wallet. */
export const walletsPaths = {
  wallet: () => '/wallet',
  /** the balances partial (re-fetched live) */
  walletBalances: () => '/wallet/balances',
  /** the header's available balance (re-fetched live) */
  walletBalance: () => '/wallet/balance',
  walletTopups: () => '/wallet/topups',
  walletTopup: (reference: string) => `/wallet/topups/${reference}`,
  walletHistoryCsv: () => '/wallet/history.csv',
};
