import type { Drafts } from '../notifications/draft.js';

/** The notifications the search domain's events create. */
export const searchDrafts: Drafts = {};
