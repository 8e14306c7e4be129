import type { Drafts } from '../notifications/draft.js';

/** The notifications the boosts domain's events create. */
export const boostsDrafts: Drafts = {};
