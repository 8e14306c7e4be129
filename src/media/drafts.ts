import type { Drafts } from '../notifications/draft.js';

/** The notifications the media domain's events create. */
export const mediaDrafts: Drafts = {};
