import type { Knex } from 'knex';

/** A committed domain event as the relay sees it. */
export interface OutboxEvent<P = Record<string, unknown>> {
  id: number;
  topic: string;
  payload: P;
  created_at: Date;
}

/**
 * Records a domain event inside the caller's transaction: it is delivered only
 * if that transaction commits, and never if it rolls back.
 */
export async function emit(trx: Knex | Knex.Transaction, topic: string, payload: Record<string, unknown>): Promise<void> {
  await trx('outbox').insert({ topic, payload: JSON.stringify(payload) });
}
