import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { newestReferencedKeys, referencedKeys } from './queries.js';
import { newestDisputeKeys, referencedDisputeKeys } from '../disputes/queries.js';
import { referencedShopKeys } from '../shops/queries.js';
import type { FileStore, ListedObject } from './storage.js';

/**
 * Files in the store that no row points at: left by a crash between writing a
 * file and inserting its row, or by a row deleted while removing its file
 * failed. An upload writes its files before its row, so a file younger than the
 * grace period may still be about to get one and is never an orphan.
 */

/** Objects read from the store per database question (and held in memory at once). */
export const ORPHAN_PAGE_SIZE = 500;

/** Referenced files looked for before sweeping, to make sure the store and the database belong together. */
const PAIRING_SAMPLE = 10;

/** The configured store is not the one the database's rows point into: sweeping it would empty it. */
export class StoreMismatch extends Error {}

export interface OrphanSweep {
  /** objects looked at */
  scanned: number;
  /** orphans removed */
  deleted: number;
  /** why nothing was looked at, when the sweep did not run */
  skipped?: 'nothing referenced';
}

/** The keys of a page that are orphans: no row references them and they were last written before `cutoffMs`. */
export function orphanKeys(page: readonly ListedObject[], referenced: ReadonlySet<string>, cutoffMs: number): string[] {
  return page.filter((o) => !referenced.has(o.key) && o.lastModified.getTime() < cutoffMs).map((o) => o.key);
}

/**
 * Every file would look orphaned to a database that is not the store's (a
 * worker pointed at another environment's bucket or folder). So before deleting
 * anything, the store must hold at least one of the newest files the database
 * references; with nothing referenced at all there is nothing to check against,
 * and nothing is swept.
 */
async function checkPairing(db: Knex, store: FileStore): Promise<boolean> {
  const sample = [...(await newestReferencedKeys(db, PAIRING_SAMPLE)), ...(await newestDisputeKeys(db, PAIRING_SAMPLE))];
  if (sample.length === 0) return false;
  const found = await Promise.all(sample.map((k) => store.exists(k)));
  if (!found.some(Boolean)) {
    throw new StoreMismatch(
      `The file store holds none of the ${sample.length} newest files the database references; check STORAGE, STORAGE_DIR and S3_BUCKET. Nothing was deleted.`,
    );
  }
  return true;
}

/**
 * Walks the whole store a page at a time and deletes its orphans. Safe to run
 * again (or twice at once): a key that is already gone is no error. Throws
 * StoreMismatch, deleting nothing, when the store is not the database's.
 */
export async function sweepOrphans(
  db: Knex,
  store: FileStore,
  opts: { graceMs: number; pageSize?: number; nowMs?: number },
): Promise<OrphanSweep> {
  const cutoffMs = (opts.nowMs ?? clock.nowMs()) - opts.graceMs;
  const pageSize = opts.pageSize ?? ORPHAN_PAGE_SIZE;
  const result: OrphanSweep = { scanned: 0, deleted: 0 };
  if (!(await checkPairing(db, store))) return { ...result, skipped: 'nothing referenced' };
  let page: ListedObject[] = [];
  const flush = async () => {
    if (page.length === 0) return;
    const keys = page.map((o) => o.key);
    // photos sent with dispute messages belong to the disputes domain's rows, shop logos and banners to the shops'
    const referenced = new Set([...(await referencedKeys(db, keys)), ...(await referencedDisputeKeys(db, keys)), ...(await referencedShopKeys(db, keys))]);
    const orphans = orphanKeys(page, referenced, cutoffMs);
    for (const key of orphans) await store.delete(key);
    result.scanned += page.length;
    result.deleted += orphans.length;
    page = [];
  };
  for await (const o of store.list()) {
    page.push(o);
    if (page.length >= pageSize) await flush();
  }
  await flush();
  return result;
}
