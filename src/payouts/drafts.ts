import type { Drafts } from '../notifications/draft.js';

/** The notifications the payouts domain's events create. */
export const payoutsDrafts: Drafts = {};
