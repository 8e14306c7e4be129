import type { Drafts } from '../notifications/draft.js';

/** The notifications the refunds domain's events create. */
export const refundsDrafts: Drafts = {};
