import type { Drafts } from '../notifications/draft.js';

/** The notifications the listings domain's events create. */
export const listingsDrafts: Drafts = {};
