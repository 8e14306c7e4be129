import type { Drafts } from '../notifications/draft.js';

/** The notifications the payments domain's events create. */
export const paymentsDrafts: Drafts = {};
