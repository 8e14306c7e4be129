type Id = number | string;

/** Named paths of listing moderation, flags and expiry. */
export const moderationPaths = {
  adminModeration: () => '/admin/moderation',
  /** the seller renews an expired or expiring listing */
  listingRenewal: (id: Id) => `/seller/listings/${id}/renewal`,
  /** a buyer reports a listing */
  listingFlags: (id: Id) => `/listings/${id}/flags`,
};
