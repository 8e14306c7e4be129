/** Named paths of boosts (paid promotion). */
export const boostsPaths = {
  adminBoostPlans: () => '/admin/boost-plans',
};
