import type { Knex } from 'knex';
import { createCategoryRow, createListing, createSeller } from '../../factories.js';
import type { Fixture } from './types.js';

/** A live auction listing of another seller (starting at 10.00, optionally with buy it now). */
async function liveAuction(db: Knex, over: Record<string, unknown> = {}) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  return createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'auction', title: 'Planted auction', start_price: 1000, ...over });
}

const auctionState = (db: Knex, listingId: number) => async () => (await db('auctions').where({ listing_id: listingId }).first('bid_count', 'status')) ?? null;

/** CSRF fixtures for the unsafe routes of the auctions domain, keyed "method path" as in src/auctions/routes.ts. */
export const auctionsFixtures: Record<string, Fixture> = {
  'post /auctions/:id/bids': async (db) => {
    const l = await liveAuction(db);
    return { path: `/auctions/${l.id}/bids`, form: { max: '20' }, state: auctionState(db, l.id) };
  },
  'post /auctions/:id/buy-now': async (db) => {
    const l = await liveAuction(db, { buy_now_price: 4000 });
    return { path: `/auctions/${l.id}/buy-now`, form: {}, state: auctionState(db, l.id) };
  },
};
