type Id = number | string;

/** Named paths of the listings domain (the seller's side). */
export const listingsPaths = {
  sellerListings: () => '/seller/listings',
  /** the dashboard's list alone (live refresh); same query as the page */
  sellerListingsList: () => '/seller/listings/list',
  newListing: () => '/seller/listings/new',
  sellerListing: (id: Id) => `/seller/listings/${id}`,
  editListing: (id: Id) => `/seller/listings/${id}/edit`,
  /** the status block of the seller's listing page (live refresh) */
  sellerListingStatus: (id: Id) => `/seller/listings/${id}/status`,
  /** one dashboard row; POST changes its price and stock */
  sellerListingRow: (id: Id) => `/seller/listings/${id}/row`,
  listingSubmission: (id: Id) => `/seller/listings/${id}/submission`,
  /** POST pauses, DELETE resumes */
  listingPause: (id: Id) => `/seller/listings/${id}/pause`,
  listingCopies: (id: Id) => `/seller/listings/${id}/copies`,
  /** GET asks to confirm the deletion; the form sends DELETE to sellerListing */
  listingDeletion: (id: Id) => `/seller/listings/${id}/deletion`,
  listingVariants: (id: Id) => `/seller/listings/${id}/variants`,
};
