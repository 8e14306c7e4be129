import type { Knex } from 'knex';
import { pendingCount } from '../sellers/queries.js';
import { pendingCount as pendingListings } from '../moderation/queries.js';
import { waitingCount } from '../payouts/queries.js';

/** Pending work shown in the admin header; each is refreshed live by its own SSE event on the admin stream. */
export interface AdminCountsRow {
  applications: number;
  listings: number;
  payouts: number;
}

export async function adminCounts(db: Knex): Promise<AdminCountsRow> {
  const [applications, listings, payouts] = await Promise.all([
    pendingCount(db),
    // the same listings the moderation queue shows (pending, not deleted)
    pendingListings(db),
    waitingCount(db),
  ]);
  return { applications, listings, payouts };
}
