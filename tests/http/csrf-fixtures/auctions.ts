import type { Knex } from 'knex';
import { placeBidOn } from '../../../src/auctions/bidding.js';
import { makeOffer } from '../../../src/auctions/offers.js';
import { ensureAuction } from '../../../src/auctions/queries.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../../factories.js';
import type { Fixture } from './types.js';

/** A live auction listing of another seller (starting at 10.00, optionally with buy it now). */
async function liveAuction(db: Knex, over: Record<string, unknown> = {}) {
  const seller = await createSeller(db);
  const category = await createCategoryRow(db);
  return createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'auction', title: 'Planted auction', start_price: 1000, ...over });
}

const bidSettings = { verifiedAbove: 50_000, paymentDays: 3, shipDays: 5, escrowDays: 7 };

/** An auction of `sellerId` (a fresh seller when null) that ended with the reserve not met after one bid by `bidderId` (a fresh user when null). */
async function unsoldAuction(db: Knex, sellerId: number | null, bidderId: number | null) {
  const category = await createCategoryRow(db);
  const seller = sellerId ?? (await createSeller(db)).id;
  const listing = await createListing(db, { seller_id: seller, category_id: category.id, kind: 'auction', title: 'Planted auction', start_price: 1000, reserve_price: 5000 });
  const bidder = bidderId ?? (await createUser(db)).id;
  const r = await placeBidOn(db, { listingId: listing.id, bidderId: bidder, kind: 'max', max: 2000 }, bidSettings);
  if (!r.ok) throw new Error(r.message);
  await db('auctions').where({ listing_id: listing.id }).update({ status: 'ended', closed_at: new Date(), outcome: 'reserve_not_met' });
  return { listing, seller };
}

/** An offer to `bidderId` after an unsold auction. */
async function plantOffer(db: Knex, bidderId: number) {
  const { listing, seller } = await unsoldAuction(db, null, bidderId);
  const made = await makeOffer(db, { listingId: listing.id, sellerId: seller });
  if (!made.ok) throw new Error(made.message);
  return made.offer.id;
}

const offerStatus = (db: Knex, id: number) => async () => (await db('auction_offers').where({ id }).first()).status;

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
  'post /auctions/:id/cancellation': async (db, _c, { admin }) => {
    const l = await liveAuction(db, { seller_id: admin.id });
    return { path: `/auctions/${l.id}/cancellation`, form: {}, state: auctionState(db, l.id) };
  },
  'post /auctions/:id/offer': async (db, _c, { admin }) => {
    const { listing } = await unsoldAuction(db, admin.id, null);
    return { path: `/auctions/${listing.id}/offer`, form: {}, state: async () => Number((await db('auction_offers').where({ listing_id: listing.id }).count('* as n').first())?.n) };
  },
  'post /auctions/:id/relisting': async (db, _c, { admin }) => {
    const { listing } = await unsoldAuction(db, admin.id, null);
    await db('listings').where({ id: listing.id }).update({ status: 'expired' });
    return { path: `/auctions/${listing.id}/relisting`, form: { days: '3' }, state: auctionState(db, listing.id) };
  },
  'post /auction-offers/:id/acceptance': async (db, _c, { admin }) => {
    const id = await plantOffer(db, admin.id);
    return { path: `/auction-offers/${id}/acceptance`, form: {}, state: offerStatus(db, id) };
  },
  'post /auction-offers/:id/decline': async (db, _c, { admin }) => {
    const id = await plantOffer(db, admin.id);
    return { path: `/auction-offers/${id}/decline`, form: {}, state: offerStatus(db, id) };
  },
  'post /admin/auctions/:id/suspension': async (db) => {
    const l = await liveAuction(db);
    await ensureAuction(db, l.id);
    return { path: `/admin/auctions/${l.id}/suspension`, form: { reason: 'Planted reason' }, state: auctionState(db, l.id) };
  },
  'post /admin/auctions/:id/bids/:bidId/removal': async (db) => {
    const l = await liveAuction(db);
    const bidder = await createUser(db);
    const r = await placeBidOn(db, { listingId: l.id, bidderId: bidder.id, kind: 'max', max: 2000 }, bidSettings);
    if (!r.ok) throw new Error(r.message);
    const bid = await db('bids').where({ bidder_id: bidder.id }).first('id');
    return { path: `/admin/auctions/${l.id}/bids/${bid.id}/removal`, form: { reason: 'Planted reason' }, state: async () => (await db('bids').where({ id: bid.id }).first()).status };
  },
};
