import type { Knex } from 'knex';
import { formatMoney } from '../lib/money.js';
import { askingPrice, buyNowAvailable } from './engine.js';
import { ensureAuction, incrementTable, stateOf, type AuctionRow, type AuctionStatus } from './queries.js';

/** What the bid box shows: nothing personal, nothing hidden (the reserve amount and the maxima stay out). */
export interface BidBoxState {
  auctionId: number;
  listingId: number;
  sellerId: number;
  currency: string;
  status: AuctionStatus;
  /** the current price, or the start price before the first bid */
  price: number;
  bidCount: number;
  hasReserve: boolean;
  reserveMet: boolean;
  endsAt: Date;
  /** the least maximum a bid may give now */
  asking: number;
  /** the buy-it-now price while it is offered */
  buyNowPrice: number | null;
  /** how it ended, in words (for a closed auction) */
  closedText: string;
}

/** The public state of an auction row. */
export async function bidBoxOf(db: Knex | Knex.Transaction, a: AuctionRow): Promise<BidBoxState> {
  const state = stateOf(a);
  const table = await incrementTable(db, a.currency);
  const open = a.status === 'open';
  const price = a.price ?? a.start_price;
  const closedText =
    a.status === 'cancelled'
      ? 'This auction was cancelled.'
      : a.status === 'suspended'
        ? 'This auction is suspended.'
        : a.outcome === 'sold' || a.outcome === 'bought_now'
          ? `Sold for ${formatMoney(price, a.currency)}.`
          : a.outcome === 'reserve_not_met'
            ? 'Ended: the reserve price was not met.'
            : a.outcome === 'no_bids'
              ? 'Ended without bids.'
              : 'Bidding has ended.';
  return {
    auctionId: a.id,
    listingId: a.listing_id,
    sellerId: a.seller_id,
    currency: a.currency,
    status: a.status,
    price,
    bidCount: a.bid_count,
    hasReserve: a.reserve_price !== null,
    reserveMet: state.reserveMet,
    endsAt: new Date(a.ends_at),
    asking: askingPrice(state, table),
    buyNowPrice: open && buyNowAvailable(state) ? a.buy_now_price : null,
    closedText,
  };
}

/** The bid box of an auction listing (its auction created on first read), or undefined for a listing without one. */
export async function bidBoxOfListing(db: Knex, listingId: number): Promise<BidBoxState | undefined> {
  const a = await ensureAuction(db, listingId);
  return a ? bidBoxOf(db, a) : undefined;
}
