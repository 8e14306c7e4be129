import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;
const signal = (p: Record<string, unknown>) => [{ stream: streams.user(Number(p.userId)), event: 'refunds', data: 'changed' }];

/** What the refunds domain's events cause (live pushes, jobs). */
export const refundsReactions: Reactions = {
  'refund.issued': { live: signal, jobs: [notify] },
  'refund.failed': { live: signal },
};
