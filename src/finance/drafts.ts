import type { Drafts } from '../notifications/draft.js';

/** The notifications the finance domain's events create. */
export const financeDrafts: Drafts = {};
