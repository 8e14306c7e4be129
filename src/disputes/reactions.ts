import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/**
 * The dispute page's thread and status, and the admin queue, re-fetch themselves
 * on the `disputes` signal (authorized again on that request): both parties'
 * streams and the admin stream hear of every change.
 */
const signal = (p: Record<string, unknown>) => [
  ...[...new Set([Number(p.buyerId), Number(p.sellerId)])].filter((id) => id > 0).map((id) => ({ stream: streams.user(id), event: 'disputes', data: 'changed' })),
  { stream: streams.admin(), event: 'disputes', data: 'changed' },
];

/** What the disputes domain's events cause (live pushes, notifications). */
export const disputesReactions: Reactions = {
  'dispute.opened': { live: signal, jobs: [notify] },
  'dispute.message': { live: signal, jobs: [notify] },
  'dispute.resolved': { live: signal, jobs: [notify] },
  'dispute.escalated': { live: signal, jobs: [notify] },
};
