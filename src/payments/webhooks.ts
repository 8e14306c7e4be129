import type { Knex } from 'knex';
import { wiring } from '../domains.js';
import type { GatewayEvent } from './webhook-types.js';

/** The handlers of one event type, from the domain manifests; several domains may handle one type. */
function handlersFor(type: string) {
  return wiring().webhooks.get(type) ?? [];
}

/** Whether a verified payload has the parts every handler relies on. */
export function isGatewayEvent(v: unknown): v is GatewayEvent {
  const e = v as GatewayEvent | null;
  return (
    !!e &&
    typeof e === 'object' &&
    typeof e.id === 'string' &&
    /^evt_[\w]{1,250}$/.test(e.id) &&
    typeof e.type === 'string' &&
    e.type.length > 0 &&
    e.type.length <= 200 &&
    typeof e.created === 'number' &&
    !!e.data &&
    typeof e.data === 'object' &&
    !!e.data.object &&
    typeof e.data.object === 'object' &&
    typeof e.data.object.id === 'string'
  );
}

/**
 * Applies one verified event exactly once. The event id is recorded first; then, in one
 * transaction, the row is locked, the handlers run and the event is marked processed —
 * so a duplicate delivered concurrently waits and then finds it done, and a crash in a
 * handler leaves it unprocessed for the gateway's next retry.
 */
export async function processEvent(db: Knex, event: GatewayEvent): Promise<'processed' | 'duplicate'> {
  await db('webhook_events').insert({ id: event.id, type: event.type, received_at: new Date() }).onConflict('id').ignore();
  return db.transaction(async (trx) => {
    const row = await trx('webhook_events').where({ id: event.id }).forUpdate().first();
    if (row.processed_at) return 'duplicate' as const;
    for (const handle of handlersFor(event.type)) await handle(trx, event);
    await trx('webhook_events').where({ id: event.id }).update({ processed_at: new Date() });
    return 'processed' as const;
  });
}
