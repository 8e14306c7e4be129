import type { Drafts } from '../notifications/draft.js';
import { contactDrafts } from './contact.js';

/** The notifications the search domain's events create. */
export const searchDrafts: Drafts = {
  ...contactDrafts,
};
