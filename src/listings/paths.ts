type Id = number | string;

/** Named paths of the listings domain (the seller's side). */
export const listingsPaths = {
  sellerListings: () => '/seller/listings',
  newListing: () => '/seller/listings/new',
  sellerListing: (id: Id) => `/seller/listings/${id}`,
  editListing: (id: Id) => `/seller/listings/${id}/edit`,
};
