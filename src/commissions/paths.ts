type Id = number | string;

/** Named paths of commissions (what Souk keeps from each sale). */
export const commissionsPaths = {
  adminCommissions: () => '/admin/commissions',
  /** POST retires a rule */
  adminCommissionRetirement: (id: Id) => `/admin/commissions/${id}/retirement`,
};
