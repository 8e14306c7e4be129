import type { Knex } from 'knex';
import type { AuctionSettings } from '../../src/auctions/settings.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';

export const settings: AuctionSettings = { verifiedAbove: 50_000, paymentDays: 3, shipDays: 5, escrowDays: 7 };

/** A live auction listing (starting at 10.00, ending in 7 days unless told) and its seller. */
export async function auctionListing(db: Knex, over: Record<string, unknown> = {}) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  const listing = await createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'auction', start_price: 1000, ...over });
  return { seller, listing };
}

export const bidders = (db: Knex, n: number) => Promise.all(Array.from({ length: n }, () => createUser(db)));

/** The payloads of the outbox events of one topic, oldest first. */
export async function outbox(db: Knex, topic: string): Promise<Record<string, unknown>[]> {
  return (await db('outbox').where({ topic }).orderBy('id').select('payload')).map((r: { payload: Record<string, unknown> }) => r.payload);
}
