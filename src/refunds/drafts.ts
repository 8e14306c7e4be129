import type { Drafts } from '../notifications/draft.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';

/** The notifications the refunds domain's events create. */
export const refundsDrafts: Drafts = {
  'refund.issued': (e) => {
    const p = e.payload;
    const amount = formatMoney(Number(p.amount), typeof p.currency === 'string' ? p.currency : undefined);
    return [
      {
        userId: Number(p.userId),
        kind: 'refund.issued',
        title: p.destination === 'card' ? `${amount} was refunded to your card` : `${amount} was refunded to your wallet`,
        body: 'See the receipt for the details.',
        link: paths.refundReceipt(Number(p.refundId)),
      },
    ];
  },
};
