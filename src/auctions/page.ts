import type { Knex } from 'knex';
import { bidHistory, type HistoryLine } from './history.js';
import { auctionOfListing, ensureAuction } from './queries.js';
import { bidBoxOf, type BidBoxState } from './view.js';

/** Everything public an auction's page shows: the box's state and the latest bids. */
export interface AuctionPublic {
  box: BidBoxState;
  history: HistoryLine[];
}

/** The public state of an auction listing (its auction created on first read), or undefined for a listing without one. */
export async function auctionPublicOf(db: Knex, listingId: number, opts: { create?: boolean } = {}): Promise<AuctionPublic | undefined> {
  const a = opts.create === false ? await auctionOfListing(db, listingId) : await ensureAuction(db, listingId);
  if (!a) return undefined;
  const [box, history] = await Promise.all([bidBoxOf(db, a), bidHistory(db, a.id)]);
  return { box, history };
}

/** A signed-in viewer's standing in an auction; `none` when they have not bid (or cannot). */
export type YouState = 'leading' | 'leading-reserve' | 'outbid' | 'won' | 'lost' | 'none';

export async function youState(db: Knex, listingId: number, userId: number): Promise<YouState> {
  const a = await auctionOfListing(db, listingId);
  if (!a) return 'none';
  const bid = await db('bids').where({ auction_id: a.id, bidder_id: userId, status: 'accepted' }).first('id');
  if (!bid) return 'none';
  if (a.status === 'open') {
    if (a.leader_id !== userId) return 'outbid';
    const reserveMet = a.reserve_price === null || (a.price !== null && a.price >= a.reserve_price);
    return reserveMet ? 'leading' : 'leading-reserve';
  }
  if (a.status === 'ended') return a.winner_id === userId ? 'won' : 'lost';
  return 'none';
}
