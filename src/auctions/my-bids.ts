import type { Knex } from 'knex';
import { numeric } from './queries.js';

type Db = Knex | Knex.Transaction;

export const MY_BIDS_TABS = ['active', 'won', 'lost'] as const;
export type MyBidsTab = (typeof MY_BIDS_TABS)[number];

/** One auction a user bid on, from their side. */
export interface MyBidRow {
  auction_id: number;
  listing_id: number;
  slug: string;
  title: string;
  currency: string;
  /** the price shown now (the final price once ended) */
  price: number | null;
  start_price: number;
  bid_count: number;
  ends_at: Date;
  status: 'open' | 'ended' | 'cancelled' | 'suspended';
  outcome: string | null;
  /** the user's highest maximum on it */
  my_max: number;
  leading: boolean;
  won: boolean;
  /** the order of a won auction */
  order_id: number | null;
}

// an auction still running is "active"; one the user won is "won"; any other end (outbid at the
// close, reserve not met, cancelled, suspended) is "lost"
const TAB_WHERE: Record<MyBidsTab, string> = {
  active: `a.status = 'open'`,
  won: `a.status = 'ended' and a.winner_id = b.bidder_id`,
  lost: `a.status <> 'open' and a.winner_id is distinct from b.bidder_id`,
};

/** the user's bids that count: accepted ones, and those voided when an admin suspended the auction (it shows as lost) */
const COUNTED = `(b.status = 'accepted' or (b.status = 'voided' and a.status = 'suspended' and b.voided_at = a.suspended_at))`;

const MINE = `
  select a.id as auction_id, a.listing_id, l.slug, l.title, a.currency, a.price, a.start_price, a.bid_count, a.ends_at,
         a.status, a.outcome, max(b.max_amount) as my_max,
         (a.status = 'open' and a.leader_id = b.bidder_id) as leading,
         (a.status = 'ended' and a.winner_id = b.bidder_id) as won,
         case when a.winner_id = b.bidder_id then a.order_id end as order_id
    from bids b
    join auctions a on a.id = b.auction_id
    join listings l on l.id = a.listing_id
   where b.bidder_id = ? and ${COUNTED}`;
const GROUP = `group by a.id, l.id, b.bidder_id`;

/** The auctions a user placed accepted bids on, in one tab: active ones ending soonest first, ended ones latest first. */
export async function myBids(db: Db, userId: number, tab: MyBidsTab, limit = 100): Promise<MyBidRow[]> {
  const order = tab === 'active' ? 'a.ends_at asc, a.id asc' : 'coalesce(a.closed_at, a.ends_at) desc, a.id desc';
  const { rows } = await db.raw(`${MINE} and ${TAB_WHERE[tab]} ${GROUP} order by ${order} limit ?`, [userId, limit]);
  return rows.map((r: MyBidRow) => numeric({ ...r, my_max: Number(r.my_max) }));
}

/** How many auctions of the user are in each tab. */
export async function myBidsCounts(db: Db, userId: number): Promise<Record<MyBidsTab, number>> {
  const { rows } = await db.raw(
    `select count(*) filter (where ${TAB_WHERE.active}) as active, count(*) filter (where ${TAB_WHERE.won}) as won, count(*) filter (where ${TAB_WHERE.lost}) as lost
       from (select distinct a.id, a.status, a.winner_id, b.bidder_id from bids b join auctions a on a.id = b.auction_id
              where b.bidder_id = ? and ${COUNTED}) as b
       join auctions a on a.id = b.id`,
    [userId],
  );
  const r = rows[0] ?? {};
  return { active: Number(r.active ?? 0), won: Number(r.won ?? 0), lost: Number(r.lost ?? 0) };
}
