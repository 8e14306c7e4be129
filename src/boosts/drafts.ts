import type { Drafts } from '../notifications/draft.js';
import { paths } from '../paths.js';

/** The notifications the boosts domain's events create. */
export const boostsDrafts: Drafts = {
  'boost.ended': (e) => [
    {
      userId: Number(e.payload.userId),
      kind: 'boost.ended',
      title: `The promotion of “${String(e.payload.title ?? '')}” has ended`,
      body: 'It is listed in the usual order again. Buy another boost to keep it on top.',
      link: paths.sellerListing(Number(e.payload.listingId)),
    },
  ],
};
