/** Named paths of listing moderation. */
export const moderationPaths = {
  adminModeration: () => '/admin/moderation',
};
