import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;
const send = { queue: 'money', name: 'send-payout' } as const;

/** The person's payout list and the admin queue re-fetch themselves on these signals. */
const signals = (p: Record<string, unknown>) => [
  { stream: streams.user(Number(p.userId)), event: 'payouts', data: 'changed' },
  { stream: streams.admin(), event: 'payouts', data: 'changed' },
];

/** What the payouts domain's events cause (live pushes, jobs). */
export const payoutsReactions: Reactions = {
  'payout.requested': { live: signals },
  'payout.approved': { live: signals, jobs: [send] },
  'payout.rejected': { live: signals, jobs: [notify] },
  'payout.paid': { live: signals, jobs: [notify] },
  'payout.failed': { live: signals, jobs: [notify] },
  'payout.reversed': { live: signals, jobs: [notify] },
  'reconciliation.requested': { jobs: [{ queue: 'money', name: 'reconcile' }] },
  'reconciliation.finished': {
    live: () => [{ stream: streams.admin(), event: 'reconciliation', data: 'changed' }],
    jobs: [notify],
  },
};
