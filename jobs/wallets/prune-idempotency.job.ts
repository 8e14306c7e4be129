import { pruneIdempotencyRecords } from '../../src/http/idempotency.js';
import type { Runtime } from '../../src/runtime.js';

/** Deletes request-idempotency records older than IDEMPOTENCY_RETENTION_DAYS (their forms have expired). */
export async function pruneIdempotencyJob(rt: Pick<Runtime, 'db' | 'config' | 'log'>): Promise<{ deleted: number }> {
  const deleted = await pruneIdempotencyRecords(rt.db, rt.config.IDEMPOTENCY_RETENTION_DAYS);
  rt.log.info({ deleted }, 'idempotency records pruned');
  return { deleted };
}
