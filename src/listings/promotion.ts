import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/**
 * Sets how long and how strongly the listing is promoted in browse and search
 * (boosts compute both from the boosts that are running). `until: null` ends
 * the promotion. These columns move the search generation.
 */
export async function promote(db: Db, listingId: number, until: Date | null, weight: number): Promise<void> {
  await db('listings').where({ id: listingId }).update({ promoted_until: until, promoted_weight: weight });
}
