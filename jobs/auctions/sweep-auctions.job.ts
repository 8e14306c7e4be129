import { sweepAuctions, type AuctionSweepReport } from '../../src/auctions/closing.js';
import { auctionSettings } from '../../src/auctions/settings.js';
import type { Runtime } from '../../src/runtime.js';

/** Every minute: closes every auction past its end (the delayed jobs are only the fast path). */
export function sweepAuctionsJob(rt: Runtime): Promise<AuctionSweepReport> {
  return sweepAuctions(rt.db, auctionSettings(rt.config), rt.log);
}
