type Id = number | string;

/** Named paths of listing moderation, flags and expiry. */
export const moderationPaths = {
  adminModeration: () => '/admin/moderation',
  /** the queue alone: re-fetched live when listings arrive or are decided */
  adminModerationList: () => '/admin/moderation/list',
  /** several decisions at once (bulk approve / reject) */
  adminModerationDecisions: () => '/admin/moderation/decisions',
  /** the review page of one listing (any status; decisions while it is pending) */
  adminModerationItem: (id: Id) => `/admin/moderation/${id}`,
  adminModerationClaim: (id: Id) => `/admin/moderation/${id}/claim`,
  adminModerationApproval: (id: Id) => `/admin/moderation/${id}/approval`,
  adminModerationRejection: (id: Id) => `/admin/moderation/${id}/rejection`,
  adminListingExtension: (id: Id) => `/admin/moderation/${id}/extension`,
  /** the seller renews an expired or expiring listing */
  listingRenewal: (id: Id) => `/seller/listings/${id}/renewal`,
  /** a buyer reports a listing */
  listingFlags: (id: Id) => `/listings/${id}/flags`,
};
