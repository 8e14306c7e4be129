import type { JobSet } from '../registry.js';
import { CLOSE_AUCTION_JOB, closeAuctionJob, openAuctionJob, scheduleAuctionCloseJob } from './close-auction.job.js';
import { sweepAuctionsJob } from './sweep-auctions.job.js';
import { sweepAuctionExtrasJob, unpaidStrikeJob } from './auction-extras.job.js';

/** The auctions domain's jobs and schedule: closing creates orders, so they run on the money queue. */
export const auctionsJobs: JobSet = {
  processors: {
    money: {
      'open-auction': openAuctionJob,
      'schedule-auction-close': scheduleAuctionCloseJob,
      [CLOSE_AUCTION_JOB]: closeAuctionJob,
      'sweep-auctions': sweepAuctionsJob,
      'sweep-auction-extras': sweepAuctionExtrasJob,
      'unpaid-auction-strike': unpaidStrikeJob,
    },
  },
  async schedules(queues) {
    await queues.money.upsertJobScheduler('sweep-auctions', { every: 60_000 }, { name: 'sweep-auctions' });
    await queues.money.upsertJobScheduler('sweep-auction-extras', { every: 60_000 }, { name: 'sweep-auction-extras' });
  },
};
