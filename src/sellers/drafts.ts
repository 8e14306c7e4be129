import type { Drafts } from '../notifications/draft.js';
import { paths } from '../paths.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What an applicant hears when their seller application is decided. */
export const sellersDrafts: Drafts = {
  'seller_application.decided': (e) => {
    const p = e.payload;
    const userId = Number(p.userId);
    return p.status === 'approved'
      ? [{ userId, kind: 'seller.approved', title: `Your shop “${str(p.shopName)}” is approved`, body: 'You can now sell on Souk.', link: paths.sellerApplication() }]
      : [{ userId, kind: 'seller.rejected', title: 'Your seller application was not approved', body: str(p.reason), link: paths.sellerApplication() }];
  },
};
