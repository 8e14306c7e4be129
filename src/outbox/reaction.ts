import type { QueueName } from '../queue.js';
import type { Knex } from 'knex';
import type { LiveBus, LiveMessage } from '../realtime/bus.js';

/** What a live reaction may use besides the payload: the bus (to push rendered partials itself) and the database (to render them). */
export interface LiveContext {
  bus: LiveBus;
  db?: Knex;
}

/** What happens after one committed domain event. Every domain declares its own in its manifest (`src/<domain>/manifest.ts`). */
export interface Reaction {
  /** live messages to publish (signals for private data, rendered HTML for public) */
  live?: (payload: Record<string, unknown>, ctx?: LiveContext) => LiveMessage[] | Promise<LiveMessage[]>;
  /** jobs to enqueue, deduplicated by event id */
  jobs?: { queue: QueueName; name: string }[];
}

export type Reactions = Record<string, Reaction>;

/**
 * Every domain's reactions in one table. Several domains may react to the same
 * topic (an order's payment is the orders domain's news, and the documents
 * domain's cue), so one topic's reactions are combined, never replaced: their
 * live messages are all published, in the order given, and their jobs all
 * enqueued (a queue and job name listed twice is enqueued once).
 */
export function mergeReactions(...sets: Reactions[]): Reactions {
  const byTopic = new Map<string, Reaction[]>();
  for (const set of sets) for (const [topic, r] of Object.entries(set)) byTopic.set(topic, [...(byTopic.get(topic) ?? []), r]);
  const merged: Reactions = {};
  for (const [topic, list] of byTopic) merged[topic] = list.length === 1 ? list[0] : combine(list);
  return merged;
}

function combine(list: Reaction[]): Reaction {
  const lives = list.flatMap((r) => (r.live ? [r.live] : []));
  const jobs = new Map<string, { queue: QueueName; name: string }>();
  for (const r of list) for (const j of r.jobs ?? []) jobs.set(`${j.queue}/${j.name}`, j);
  return {
    live: lives.length ? async (payload, ctx) => (await Promise.all(lives.map((live) => live(payload, ctx)))).flat() : undefined,
    jobs: jobs.size ? [...jobs.values()] : undefined,
  };
}
