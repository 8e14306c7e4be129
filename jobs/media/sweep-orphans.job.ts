import { StoreMismatch, sweepOrphans, type OrphanSweep } from '../../src/media/orphans.js';
import { storeFor } from '../../src/media/storage.js';
import type { Runtime } from '../../src/runtime.js';

/** Deletes uploaded files that no row references and that are older than ORPHAN_GRACE_MINUTES. */
export async function sweepOrphansJob(rt: Pick<Runtime, 'db' | 'config' | 'log'>): Promise<OrphanSweep> {
  try {
    const result = await sweepOrphans(rt.db, storeFor(rt.config), { graceMs: rt.config.ORPHAN_GRACE_MINUTES * 60_000 });
    rt.log.info(result, 'orphaned files swept');
    return result;
  } catch (err) {
    if (err instanceof StoreMismatch) rt.log.error({ err }, 'orphaned files not swept');
    throw err;
  }
}
