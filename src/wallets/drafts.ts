import type { Drafts } from '../notifications/draft.js';

/** The notifications the wallets domain's events create. */
export const walletsDrafts: Drafts = {};
