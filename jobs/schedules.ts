import type { Queues } from '../src/queue.js';

/** Repeating jobs. Registered at every worker start; upsert makes that idempotent. */
export async function registerSchedules(queues: Queues): Promise<void> {
  await queues.maintenance.upsertJobScheduler('lift-expired-blocks', { every: 60_000 }, { name: 'lift-expired-blocks' });
  await queues.maintenance.upsertJobScheduler('prune-outbox', { pattern: '17 3 * * *' }, { name: 'prune-outbox' });
}
