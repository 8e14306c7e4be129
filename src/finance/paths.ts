/** Named paths of the admin finance pages. */
export const financePaths = {
  adminFinance: () => '/admin/finance',
};
