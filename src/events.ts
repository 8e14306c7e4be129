import type { Queues } from './queue.js';
import { mergeReactions, type Reactions } from './outbox/reaction.js';
import { listingsReactions } from './listings/reactions.js';
import { mediaReactions } from './media/reactions.js';
import { moderationReactions } from './moderation/reactions.js';
import { storefrontReactions } from './storefront/reactions.js';
import { walletsReactions } from './wallets/reactions.js';
import { paymentsReactions } from './payments/reactions.js';
import { payoutsReactions } from './payouts/reactions.js';
import { refundsReactions } from './refunds/reactions.js';
import { financeReactions } from './finance/reactions.js';
import { boostsReactions } from './boosts/reactions.js';
import { cartsReactions } from './carts/reactions.js';
import { documentsReactions } from './documents/reactions.js';
import { ordersReactions } from './orders/reactions.js';
import { disputesReactions } from './disputes/reactions.js';

import type { LiveBus } from './realtime/bus.js';
import { streams } from './realtime/streams.js';
import type { Dispatch } from './outbox/relay.js';
import type { OutboxEvent } from './outbox/outbox.js';


const user = (p: Record<string, unknown>) => streams.user(Number(p.userId));
const notify = { queue: 'notifications', name: 'from-event' } as const;

/** What happens after each committed domain event (domains reacting to one topic are combined, see mergeReactions). */
export const reactions: Reactions = mergeReactions(
  listingsReactions,
  mediaReactions,
  moderationReactions,
  storefrontReactions,
  walletsReactions,
  paymentsReactions,
  payoutsReactions,
  refundsReactions,
  financeReactions,
  boostsReactions,
  cartsReactions,
  documentsReactions,
  ordersReactions,
  disputesReactions,
  {
    'seller_application.submitted': {
      live: () => [{ stream: streams.admin(), event: 'applications', data: 'changed' }],
    },
    'seller_application.decided': {
      live: (p) => [
        { stream: user(p), event: 'account', data: 'changed' },
        { stream: streams.admin(), event: 'applications', data: 'changed' },
      ],
      jobs: [notify],
    },
    'user.blocked': {
      // the open pages of the blocked user learn their session is over, then their streams close
      live: (p) => [{ stream: user(p), event: 'session-ended', data: 'blocked', close: true }],
      jobs: [notify],
    },
    'user.unblocked': { jobs: [notify] },
    'notification.created': {
      live: (p) => [{ stream: user(p), event: 'notifications', data: 'changed' }],
    },
  },
);

/** The relay's consumer: publishes live messages and enqueues reactions. */
export function createDispatch(bus: LiveBus, queues: Queues): Dispatch {
  return async (event: OutboxEvent) => {
    const r = reactions[event.topic];
    if (!r) return;
    for (const msg of (await r.live?.(event.payload)) ?? []) await bus.publish(msg);
    for (const job of r.jobs ?? []) {
      await queues[job.queue].add(
        job.name,
        { id: event.id, topic: event.topic, payload: event.payload, created_at: event.created_at },
        { jobId: `${job.name}-${event.id}` },
      );
    }
  };
}
