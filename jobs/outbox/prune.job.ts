import type { Db } from '../../src/db.js';
import { clock } from '../../src/lib/clock.js';

/** Deletes published outbox events older than a week (they are only kept for inspection). */
export async function pruneOutboxJob(db: Db): Promise<{ deleted: number }> {
  const cutoff = new Date(clock.nowMs() - 7 * 24 * 3600_000);
  const deleted = await db('outbox').whereNotNull('published_at').where('published_at', '<', cutoff).delete();
  return { deleted };
}
