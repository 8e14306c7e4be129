import type { Job } from 'bullmq';
import { closeAuction, type CloseResult } from '../../src/auctions/closing.js';
import { auctionOfListing, ensureAuction, findAuction, type AuctionRow } from '../../src/auctions/queries.js';
import { auctionSettings } from '../../src/auctions/settings.js';
import { clock } from '../../src/lib/clock.js';
import type { Runtime } from '../../src/runtime.js';

export const CLOSE_AUCTION_JOB = 'close-auction';

/** One delayed job per auction and end time: an extension queues a new one, and the earlier one finds nothing due. */
export const closeJobId = (auctionId: number, endsAt: Date) => `auction-close-${auctionId}-${endsAt.getTime()}`;

/** Queues the close of an open auction at its current end. */
export async function closeAuctionLater(rt: Runtime, a: AuctionRow): Promise<{ delay: number } | null> {
  if (a.status !== 'open') return null;
  const delay = Math.max(0, a.ends_at.getTime() - clock.nowMs());
  await rt.queues.money.add(CLOSE_AUCTION_JOB, { auctionId: a.id }, { delay, jobId: closeJobId(a.id, a.ends_at) });
  return { delay };
}

/** After an auction listing is approved (`listing.approved`): its auction row, and its close queued. */
export async function openAuctionJob(rt: Runtime, job: Job): Promise<{ delay: number } | null> {
  const listingId = Number(job.data?.payload?.listingId);
  const listing = await rt.db('listings').where({ id: listingId }).first('kind');
  if (listing?.kind !== 'auction') return null;
  const a = await ensureAuction(rt.db, listingId);
  return a ? closeAuctionLater(rt, a) : null;
}

/** After a soft-close extension (`auction.extended`): the close queued again at the new end. */
export async function scheduleAuctionCloseJob(rt: Runtime, job: Job): Promise<{ delay: number } | null> {
  const p = job.data?.payload ?? {};
  const a = p.auctionId ? await findAuction(rt.db, Number(p.auctionId)) : await auctionOfListing(rt.db, Number(p.listingId));
  return a ? closeAuctionLater(rt, a) : null;
}

/** Closes the auction if it is due (a job that fires before a later end does nothing). Safe to run twice. */
export function closeAuctionJob(rt: Runtime, job: Job): Promise<CloseResult> {
  return closeAuction(rt.db, Number(job.data?.auctionId), auctionSettings(rt.config));
}
