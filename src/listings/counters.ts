import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** One more view of the listing's page. Views leave cached searches alone. */
export async function addView(db: Db, listingId: number): Promise<void> {
  await db('listings').where({ id: listingId }).increment('views', 1);
}

/**
 * Moves the favourites counter with a favourite row that was really added (1)
 * or removed (-1), in the caller's transaction; it never goes below zero, even
 * if it drifted.
 */
export async function countFavourite(trx: Db, listingId: number, delta: 1 | -1): Promise<void> {
  await trx('listings')
    .where({ id: listingId })
    .update({ favourites_count: trx.raw('greatest(favourites_count + ?, 0)', [delta]) });
}
