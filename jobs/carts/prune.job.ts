import { pruneVisitorCarts } from '../../src/carts/visitors.js';
import type { Runtime } from '../../src/runtime.js';

/** Deletes visitor carts untouched for 30 days. Safe to run twice. */
export async function pruneVisitorCartsJob(rt: Pick<Runtime, 'db' | 'log'>): Promise<{ deleted: number }> {
  const deleted = await pruneVisitorCarts(rt.db);
  rt.log.info({ deleted }, 'visitor carts pruned');
  return { deleted };
}
