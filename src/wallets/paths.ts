/** Named paths of the user's wallet. */
export const walletsPaths = {
  wallet: () => '/wallet',
};
