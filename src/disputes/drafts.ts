import type { Draft, Drafts } from '../notifications/draft.js';
import type { OutboxEvent } from '../outbox/outbox.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';
import { DISPUTE_REASONS } from './forms.js';
import type { DisputeReason, Resolution } from './queries.js';

type P = Record<string, unknown>;

/** Who hears of an action: the other party; both parties when Souk acted. */
function others(p: P): number[] {
  const buyer = Number(p.buyerId);
  const seller = Number(p.sellerId);
  if (p.byRole === 'buyer' || Number(p.byId) === buyer) return [seller];
  if (p.byRole === 'seller' || Number(p.byId) === seller) return [buyer];
  return [buyer, seller];
}

function outcome(p: P): string {
  const refund = Number(p.refundAmount ?? 0);
  const amount = formatMoney(refund, typeof p.currency === 'string' ? p.currency : undefined);
  switch (p.resolution as Resolution) {
    case 'release':
      return 'Souk released the payment to the seller.';
    case 'refund':
      return `Souk refunded the buyer in full (${amount}).`;
    case 'split':
      return `Souk split the payment: ${amount} back to the buyer, the rest to the seller.`;
    case 'seller_refund':
      return `The seller refunded ${amount}.`;
    case 'withdrawn':
      return 'The buyer withdrew the dispute; the seller is paid.';
    default:
      return 'The dispute is resolved.';
  }
}

const each = (ids: number[], d: (userId: number) => Draft): Draft[] => ids.filter((id) => id > 0).map(d);

/** The notifications the disputes domain's events create; each links to the dispute page. */
export const disputesDrafts: Drafts = {
  'dispute.opened': (e: OutboxEvent) => {
    const p = e.payload as P;
    const reason = DISPUTE_REASONS[p.reason as DisputeReason] ?? 'A problem was reported';
    return each([Number(p.sellerId)], (userId) => ({
      userId,
      kind: 'dispute.opened',
      title: `A dispute was opened on order #${Number(p.orderId)}`,
      body: `${reason}. The payment to you is paused; answer the buyer on the dispute page.`,
      link: paths.dispute(Number(p.disputeId)),
    }));
  },
  'dispute.message': (e: OutboxEvent) => {
    const p = e.payload as P;
    return each(others(p), (userId) => ({
      userId,
      kind: 'dispute.message',
      title: `New message in the dispute on order #${Number(p.orderId)}`,
      body: p.byRole === 'admin' ? 'Souk wrote in the dispute.' : `The ${p.byRole === 'seller' ? 'seller' : 'buyer'} wrote in the dispute.`,
      link: paths.dispute(Number(p.disputeId)),
    }));
  },
  'dispute.resolved': (e: OutboxEvent) => {
    const p = e.payload as P;
    return each(others(p), (userId) => ({
      userId,
      kind: 'dispute.resolved',
      title: `The dispute on order #${Number(p.orderId)} is resolved`,
      body: outcome(p),
      link: paths.dispute(Number(p.disputeId)),
    }));
  },
  'dispute.escalated': (e: OutboxEvent) => {
    const p = e.payload as P;
    return each([Number(p.buyerId), Number(p.sellerId)], (userId) => ({
      userId,
      kind: 'dispute.escalated',
      title: `Souk will decide the dispute on order #${Number(p.orderId)}`,
      body: 'It was not settled in time, so it went to Souk. You can still add messages and photos.',
      link: paths.dispute(Number(p.disputeId)),
    }));
  },
};
