import type { Drafts } from '../notifications/draft.js';
import { blockPeriod } from './blocked.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a user hears when an admin blocks or unblocks their account. */
export const accountsDrafts: Drafts = {
  'user.blocked': (e) => [
    {
      userId: Number(e.payload.userId),
      kind: 'account.blocked',
      title: 'Your account was blocked',
      body: `${str(e.payload.reason)} (${blockPeriod(e.payload.until ? new Date(str(e.payload.until)) : null)})`,
      link: null,
    },
  ],
  'user.unblocked': (e) => [{ userId: Number(e.payload.userId), kind: 'account.unblocked', title: 'Your account is active again', body: str(e.payload.reason), link: null }],
};
