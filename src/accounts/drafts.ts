import type { Drafts } from '../notifications/draft.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a user hears when an admin blocks or unblocks their account. */
export const accountsDrafts: Drafts = {
  'user.blocked': (e) => [
    {
      userId: Number(e.payload.userId),
      kind: 'account.blocked',
      title: 'Your account was blocked',
      body: `${str(e.payload.reason)}${e.payload.until ? ` (until ${new Date(str(e.payload.until)).toUTCString()})` : ''}`,
      link: null,
    },
  ],
  'user.unblocked': (e) => [{ userId: Number(e.payload.userId), kind: 'account.unblocked', title: 'Your account is active again', body: str(e.payload.reason), link: null }],
};
