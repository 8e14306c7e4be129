import type { Job } from 'bullmq';
import type { Db } from '../../src/db.js';
import type { OutboxEvent } from '../../src/outbox/outbox.js';
import { matchSavedSearches } from '../../src/search/saved-searches.js';

/** Tells saved-search owners about a newly approved listing (idempotent per saved search and listing). */
export async function matchSavedSearchesJob(db: Db, job: Job<OutboxEvent<{ listingId?: unknown }>>): Promise<{ notified: number }> {
  const listingId = Number(job.data.payload?.listingId);
  if (!Number.isSafeInteger(listingId) || listingId <= 0) return { notified: 0 };
  const { notified } = await matchSavedSearches(db, listingId, { eventId: Number(job.data.id) || null });
  return { notified: notified.length };
}
