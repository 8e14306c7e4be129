import type { QueueName } from '../queue.js';
import type { LiveMessage } from '../realtime/bus.js';

/** What happens after one committed domain event. Every domain lists its own in `src/<domain>/reactions.ts`. */
export interface Reaction {
  /** live messages to publish (signals for private data, rendered HTML for public) */
  live?: (payload: Record<string, unknown>) => LiveMessage[] | Promise<LiveMessage[]>;
  /** jobs to enqueue, deduplicated by event id */
  jobs?: { queue: QueueName; name: string }[];
}

export type Reactions = Record<string, Reaction>;
