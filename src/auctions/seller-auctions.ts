import type { Knex } from 'knex';
import { numeric, type AuctionOutcome, type AuctionStatus } from './queries.js';

type Db = Knex | Knex.Transaction;

/** Whether a reserve stands in the way of a sale. */
export type ReserveState = 'none' | 'met' | 'not_met';

/** One of a seller's auctions as their list shows it. */
export interface SellerAuctionRow {
  id: number;
  listing_id: number;
  slug: string;
  title: string;
  currency: string;
  price: number | null;
  start_price: number;
  bid_count: number;
  ends_at: Date;
  status: AuctionStatus;
  outcome: AuctionOutcome | null;
  order_id: number | null;
  reserve: ReserveState;
}

/** The reserve's state from the auction row (the seller may see it; buyers only see met / not met). */
export function reserveState(a: { reserve_price: number | null; price: number | null }): ReserveState {
  if (a.reserve_price === null) return 'none';
  return a.price !== null && a.price >= a.reserve_price ? 'met' : 'not_met';
}

/** A seller's auctions: open ones ending soonest first, then ended ones latest first. Only their own. */
export async function sellerAuctions(db: Db, sellerId: number, limit = 200): Promise<SellerAuctionRow[]> {
  const rows = await db('auctions as a')
    .join('listings as l', 'l.id', 'a.listing_id')
    .where('a.seller_id', sellerId)
    .whereNull('l.deleted_at')
    .orderByRaw(`(a.status = 'open') desc, case when a.status = 'open' then a.ends_at end asc, coalesce(a.closed_at, a.ends_at) desc, a.id desc`)
    .limit(limit)
    .select('a.id', 'a.listing_id', 'l.slug', 'l.title', 'a.currency', 'a.price', 'a.start_price', 'a.reserve_price', 'a.bid_count', 'a.ends_at', 'a.status', 'a.outcome', 'a.order_id');
  return rows.map((r: SellerAuctionRow & { reserve_price: number | null }) => {
    const n = numeric(r);
    const reserve = n.reserve_price === null ? null : Number(n.reserve_price);
    const { reserve_price: _hidden, ...rest } = n;
    return { ...rest, reserve: reserveState({ reserve_price: reserve, price: n.price }) };
  });
}
