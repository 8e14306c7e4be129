import type { Drafts } from '../notifications/draft.js';

/** The notifications the moderation domain's events create. */
export const moderationDrafts: Drafts = {};
