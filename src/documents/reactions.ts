import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const job = (name: string) => ({ queue: 'documents', name }) as const;

/** The order pages of both parties refresh their document links on the `documents` signal. */
const signal = (p: Record<string, unknown>) => {
  const users = [Number(p.userId), ...(p.sellerId ? [Number(p.sellerId)] : [])];
  return users.map((id) => ({ stream: streams.user(id), event: 'documents', data: 'changed' }));
};

/** What the documents domain does after orders are paid and refunded, and once a document is ready. */
export const documentsReactions: Reactions = {
  'order.paid': { jobs: [job('issue-receipt')] },
  'seller_order.paid': { jobs: [job('issue-invoice')] },
  'seller_order.refunded': { jobs: [job('issue-credit-note')] },
  'document.issued': { live: signal },
};
