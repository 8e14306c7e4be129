import type { Drafts } from '../notifications/draft.js';
import { contactDrafts } from './contact.js';

/** The notifications the storefront's events create. */
export const storefrontDrafts: Drafts = {
  ...contactDrafts,
};
