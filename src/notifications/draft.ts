import type { OutboxEvent } from '../outbox/outbox.js';

/** A notification to create for one user in reaction to a domain event. */
export interface Draft {
  userId: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

/** Per topic, what each event tells whom. Pure: the same event always gives the same drafts. Async only to read names. */
export type Drafts = Record<string, (event: OutboxEvent, db: import('knex').Knex) => Draft[] | Promise<Draft[]>>;
