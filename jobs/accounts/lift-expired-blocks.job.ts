import { liftExpiredBlocks } from '../../src/accounts/blocking.js';
import type { Db } from '../../src/db.js';

/** Unblocks users whose block end date has passed. */
export async function liftExpiredBlocksJob(db: Db): Promise<{ lifted: number }> {
  return { lifted: await liftExpiredBlocks(db) };
}
