import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { buyerMaySee } from '../listings/visibility.js';
import { countFavourite } from '../listings/counters.js';
import { deleteFavourite, findListingForPage, insertFavourite } from './queries.js';

export type FavouriteResult = { ok: true; favourite: boolean; count: number } | { ok: false; reason: 'not_found' };

async function countOf(trx: Knex.Transaction, listingId: number): Promise<number> {
  const row = await trx('listings').where({ id: listingId }).first('favourites_count');
  return Number(row?.favourites_count ?? 0);
}

/**
 * Marks a live listing as a favourite. The counter moves only when the row was
 * really inserted, in the same transaction, so double clicks and parallel
 * requests count once.
 */
export async function addFavourite(db: Knex, userId: number, listingId: number): Promise<FavouriteResult> {
  const listing = await findListingForPage(db, listingId);
  if (!listing || !buyerMaySee(listing, clock.now())) return { ok: false, reason: 'not_found' };
  return db.transaction(async (trx) => {
    if (await insertFavourite(trx, userId, listingId)) await countFavourite(trx, listingId, 1);
    return { ok: true, favourite: true, count: await countOf(trx, listingId) };
  });
}

/** Removes a favourite (also of a listing that is no longer public); the counter moves only when a row was deleted. */
export async function removeFavourite(db: Knex, userId: number, listingId: number): Promise<FavouriteResult> {
  return db.transaction(async (trx) => {
    const exists = await trx('listings').where({ id: listingId }).first('id');
    if (!exists) return { ok: false, reason: 'not_found' };
    if (await deleteFavourite(trx, userId, listingId)) await countFavourite(trx, listingId, -1);
    return { ok: true, favourite: false, count: await countOf(trx, listingId) };
  });
}
