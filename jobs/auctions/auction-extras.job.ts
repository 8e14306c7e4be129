import type { Job } from 'bullmq';
import { expireOffers } from '../../src/auctions/offers.js';
import { recordUnpaidStrikes } from '../../src/auctions/strikes.js';
import { notifyWatchers } from '../../src/auctions/watch.js';
import type { Runtime } from '../../src/runtime.js';

export interface AuctionExtrasReport {
  offersExpired: number;
  strikes: number;
  watchersTold: number;
}

/** Every minute: offers past their 48 hours lapse, unpaid auction orders give strikes, watchers hear of auctions ending within the hour. */
export async function sweepAuctionExtras(rt: Pick<Runtime, 'db'>): Promise<AuctionExtrasReport> {
  return {
    offersExpired: await expireOffers(rt.db),
    strikes: await recordUnpaidStrikes(rt.db),
    watchersTold: await notifyWatchers(rt.db),
  };
}

export function sweepAuctionExtrasJob(rt: Runtime): Promise<AuctionExtrasReport> {
  return sweepAuctionExtras(rt);
}

/** After an order lapsed unpaid (`order.lapsed`): the strike, if it was an auction's order. */
export function unpaidStrikeJob(rt: Runtime, job: Job): Promise<number> {
  const orderId = Number(job.data?.payload?.orderId);
  return Number.isSafeInteger(orderId) && orderId > 0 ? recordUnpaidStrikes(rt.db, orderId) : Promise.resolve(0);
}
