type Id = number | string;

/** Named paths of boosts (paid promotion). */
export const boostsPaths = {
  adminBoostPlans: () => '/admin/boost-plans',
  adminBoostPlan: (id: Id) => `/admin/boost-plans/${id}`,
  adminBoostPlanRetirement: (id: Id) => `/admin/boost-plans/${id}/retirement`,
  /** the seller's boost box for one listing: a page of its own, or the fragment htmx loads into the listing page */
  sellerListingBoost: (id: Id) => `/seller/listings/${id}/boost`,
  /** POST buys a boost */
  listingBoosts: (id: Id) => `/seller/listings/${id}/boosts`,
};
