import type { Knex } from 'knex';
import { pendingCount } from '../sellers/queries.js';

/** Pending work shown in the admin header; each is refreshed live by its own SSE event on the admin stream. */
export interface AdminCountsRow {
  applications: number;
  listings: number;
  payouts: number;
}

export async function adminCounts(db: Knex): Promise<AdminCountsRow> {
  const [applications, listings, payouts] = await Promise.all([
    pendingCount(db),
    db('listings').where({ status: 'pending' }).whereNull('deleted_at').count<{ n: string }[]>('* as n').first().then((r) => Number(r?.n ?? 0)),
    Promise.resolve(0),
  ]);
  return { applications, listings, payouts };
}
