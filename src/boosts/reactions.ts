import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** The seller's listing pages refresh on their `listings` signal; the search helper may re-rank on these topics. */
const signal = (p: Record<string, unknown>) => [{ stream: streams.user(Number(p.userId)), event: 'listings', data: 'changed' }];

/** What the boosts domain's events cause (live pushes, jobs). */
export const boostsReactions: Reactions = {
  // the delayed end job is queued from the committed purchase (never for a rolled-back one)
  'boost.purchased': { live: signal, jobs: [{ queue: 'listings', name: 'schedule-boost-end' }] },
  'boost.ended': { live: signal, jobs: [notify] },
};
