import type { Knex } from 'knex';
import type { Queues } from './queue.js';
import { wiring } from './domains.js';
import type { Reactions } from './outbox/reaction.js';
import type { LiveBus } from './realtime/bus.js';
import type { Dispatch } from './outbox/relay.js';
import type { OutboxEvent } from './outbox/outbox.js';

/** What happens after each committed domain event: every domain manifest's reactions, one topic's combined (see mergeReactions). */
export const reactions: Reactions = wiring().reactions;

/** The relay's consumer: publishes live messages and enqueues reactions. */
export function createDispatch(bus: LiveBus, queues: Queues, db?: Knex): Dispatch {
  return async (event: OutboxEvent) => {
    const r = reactions[event.topic];
    if (!r) return;
    for (const msg of (await r.live?.(event.payload, { bus, db })) ?? []) await bus.publish(msg);
    for (const job of r.jobs ?? []) {
      await queues[job.queue].add(
        job.name,
        { id: event.id, topic: event.topic, payload: event.payload, created_at: event.created_at },
        { jobId: `${job.name}-${event.id}` },
      );
    }
  };
}
