import type { Knex } from 'knex';
import { fixedRows } from '../db.js';
import { DEFAULT_INCREMENTS, type AuctionState, type IncrementTable, type MaxBid } from './engine.js';

type Db = Knex | Knex.Transaction;

export type AuctionStatus = 'open' | 'ended' | 'cancelled' | 'suspended';
export type AuctionOutcome = 'sold' | 'reserve_not_met' | 'no_bids' | 'bought_now';

export interface AuctionRow {
  id: number;
  listing_id: number;
  seller_id: number;
  currency: string;
  start_price: number;
  reserve_price: number | null;
  buy_now_price: number | null;
  buy_now_until: 'first_bid' | 'reserve_met';
  starts_at: Date;
  ends_at: Date;
  soft_close_seconds: number;
  price: number | null;
  leader_id: number | null;
  leader_max: number | null;
  leader_at: Date | null;
  leader_seq: number | null;
  runner_up_id: number | null;
  runner_up_max: number | null;
  runner_up_at: Date | null;
  runner_up_seq: number | null;
  bid_count: number;
  last_seq: number;
  status: AuctionStatus;
  closed_at: Date | null;
  outcome: AuctionOutcome | null;
  winner_id: number | null;
  order_id: number | null;
  payment_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface BidRow {
  id: number;
  auction_id: number;
  bidder_id: number;
  kind: 'max' | 'buy_now';
  max_amount: number;
  amount: number;
  status: 'accepted' | 'refused' | 'voided';
  reason: string | null;
  seq: number | null;
  created_at: Date;
}

// bigint columns come back as strings from pg; every amount fits a JS integer (MAX_MINOR)
const NUMERIC = ['id', 'listing_id', 'seller_id', 'start_price', 'reserve_price', 'buy_now_price', 'price', 'leader_id', 'leader_max', 'runner_up_id', 'runner_up_max', 'winner_id', 'order_id', 'auction_id', 'bidder_id', 'max_amount', 'amount'] as const;

export function numeric<T>(row: T): T {
  if (!row) return row;
  const r = row as Record<string, unknown>;
  for (const k of NUMERIC) if (r[k] !== undefined && r[k] !== null) r[k] = Number(r[k]);
  return row;
}

export async function findAuction(db: Db, id: number): Promise<AuctionRow | undefined> {
  return numeric(await db<AuctionRow>('auctions').where({ id }).first());
}

export async function auctionOfListing(db: Db, listingId: number): Promise<AuctionRow | undefined> {
  return numeric(await db<AuctionRow>('auctions').where({ listing_id: listingId }).first());
}

/**
 * Whether the auction of a listing is open with bids on it: then its seller can no longer
 * pause, delete or materially change the listing (bidders bid on what it said). The row is
 * locked, so a bid waits until the seller's change is committed, and a change waits for a bid.
 */
export async function openAuctionHasBids(trx: Knex.Transaction, listingId: number): Promise<boolean> {
  const row = await trx('auctions').where({ listing_id: listingId }).forUpdate().first('status', 'bid_count');
  return Boolean(row && row.status === 'open' && Number(row.bid_count) > 0);
}

/** The listing's terms, as an auction row takes them (a reserve or buy-now price that cannot apply is left out). */
const TERMS_FROM_LISTING = `l.start_price,
            case when l.reserve_price > l.start_price then l.reserve_price end,
            case when l.buy_now_price > l.start_price and l.buy_now_price >= coalesce(l.reserve_price, 0) then l.buy_now_price end,
            case when l.reserve_price > l.start_price then coalesce(l.auction_buy_now_until, 'first_bid') else 'first_bid' end,
            coalesce(l.auction_soft_close_minutes * 60, 120),
            coalesce(l.starts_at, l.published_at, l.created_at), l.ends_at`;

/**
 * After the seller edited an auction listing nobody has bid on: its open auction row takes the
 * new terms (prices, buy-it-now, soft close, start and end), so the auction runs on what the
 * listing says. An auction with bids keeps its terms (the edit is refused before this).
 */
export async function syncAuctionTerms(trx: Knex.Transaction, listingId: number): Promise<void> {
  await trx.raw(
    `update auctions a
        set (start_price, reserve_price, buy_now_price, buy_now_until, soft_close_seconds, starts_at, ends_at) = (select ${TERMS_FROM_LISTING} from listings l where l.id = a.listing_id),
            updated_at = now()
      where a.listing_id = ? and a.status = 'open' and a.bid_count = 0
        and exists (select 1 from listings l where l.id = a.listing_id and l.start_price >= 1 and l.ends_at is not null
                     and l.ends_at > coalesce(l.starts_at, l.published_at, l.created_at))`,
    [listingId],
  );
}

/**
 * The auction row of an auction listing, created from the listing's terms the first
 * time it is needed (at approval, by the first bid or page, or by the sweep). Only a
 * published auction listing (active, with its start and end) has one. Safe to run
 * concurrently: the listing is unique.
 */
export async function ensureAuction(db: Db, listingId: number): Promise<AuctionRow | undefined> {
  const had = await auctionOfListing(db, listingId);
  if (had) return had;
  await db.raw(
    `insert into auctions (listing_id, seller_id, currency, start_price, reserve_price, buy_now_price, buy_now_until, soft_close_seconds, starts_at, ends_at)
     select l.id, l.seller_id, l.currency, ${TERMS_FROM_LISTING}
       from listings l
      where l.id = ? and l.kind = 'auction' and l.status = 'active' and l.deleted_at is null
        and l.start_price >= 1 and l.ends_at is not null and l.ends_at > coalesce(l.starts_at, l.published_at, l.created_at)
     on conflict (listing_id) do nothing`,
    [listingId],
  );
  return auctionOfListing(db, listingId);
}

/** Creates the missing auction rows of published auction listings (the sweep's safety net for a lost approval job). */
export async function ensureMissingAuctions(db: Db, limit = 200): Promise<number> {
  const ids: number[] = (
    await db('listings as l')
      .where({ 'l.kind': 'auction', 'l.status': 'active' })
      .whereNull('l.deleted_at')
      .whereNotExists(db('auctions as a').whereRaw('a.listing_id = l.id').select(db.raw('1')))
      .orderBy('l.id')
      .limit(limit)
      .pluck('l.id')
  ).map(Number);
  for (const id of ids) await ensureAuction(db, id);
  return ids.length;
}

/**
 * Locks the auction row of a listing for one bid, with what the bid needs to know
 * about the listing. Every bid on one auction queues here.
 */
export async function lockAuctionOfListing(trx: Knex.Transaction, listingId: number): Promise<(AuctionRow & { listing_status: string; listing_hidden: boolean; title: string }) | undefined> {
  const row = await trx('auctions as a')
    .join('listings as l', 'l.id', 'a.listing_id')
    .where('a.listing_id', listingId)
    .whereNull('l.deleted_at')
    .forUpdate('a')
    .first('a.*', 'l.status as listing_status', trx.raw('l.hidden_at is not null as listing_hidden'), 'l.title');
  return numeric(row);
}

const ms = (d: Date | null) => (d ? new Date(d).getTime() : 0);
const maxBid = (id: number | null, max: number | null, at: Date | null, seq: number | null): MaxBid | null =>
  id === null || max === null || seq === null ? null : { bidderId: id, max, at: ms(at), seq };

/** The engine's state of an open auction, read from its row. */
export function stateOf(a: AuctionRow): AuctionState {
  return {
    sellerId: a.seller_id,
    startPrice: a.start_price,
    reservePrice: a.reserve_price,
    buyNowPrice: a.buy_now_price,
    buyNowUntil: a.buy_now_until,
    endsAt: ms(a.ends_at),
    softCloseMs: a.soft_close_seconds * 1000,
    price: a.price,
    leader: maxBid(a.leader_id, a.leader_max, a.leader_at, a.leader_seq),
    runnerUp: maxBid(a.runner_up_id, a.runner_up_max, a.runner_up_at, a.runner_up_seq),
    bidCount: a.bid_count,
    reserveMet: a.reserve_price === null || (a.price !== null && a.price >= a.reserve_price),
    ended: null,
  };
}

/** The columns that hold an engine state. */
export function columnsOf(s: AuctionState): Partial<AuctionRow> {
  return {
    price: s.price,
    leader_id: s.leader?.bidderId ?? null,
    leader_max: s.leader?.max ?? null,
    leader_at: s.leader ? new Date(s.leader.at) : null,
    leader_seq: s.leader?.seq ?? null,
    runner_up_id: s.runnerUp?.bidderId ?? null,
    runner_up_max: s.runnerUp?.max ?? null,
    runner_up_at: s.runnerUp ? new Date(s.runnerUp.at) : null,
    runner_up_seq: s.runnerUp?.seq ?? null,
    bid_count: s.bidCount,
    ends_at: new Date(s.endsAt),
  };
}

/** What a bid reads before it takes the lock: the bidder's standing, the auction's terms and its currency's increments. */
export interface BidContext {
  bidder: { blocked_at: Date | null; blocked_until: Date | null } | null;
  auction: { id: number; currency: string; buy_now_price: number | null } | null;
  increments: IncrementTable;
}

/** One round trip for everything a bid needs to know that no lock protects. */
export async function bidContext(db: Db, listingId: number, bidderId: number): Promise<BidContext> {
  const { rows } = await db.raw(
    `select u.id as user_id, u.blocked_at, u.blocked_until, a.id as auction_id, a.currency, a.buy_now_price,
            (select json_agg(json_build_array(i.from_amount, i.step) order by i.from_amount) from auction_increments i where i.currency = a.currency) as increments
       from (select 1) one
       left join users u on u.id = ?
       left join auctions a on a.listing_id = ?`,
    [bidderId, listingId],
  );
  const r = rows[0] as { user_id: string | null; blocked_at: Date | null; blocked_until: Date | null; auction_id: string | null; currency: string | null; buy_now_price: string | null; increments: [string | number, string | number][] | null };
  return {
    bidder: r.user_id === null ? null : { blocked_at: r.blocked_at, blocked_until: r.blocked_until },
    auction: r.auction_id === null ? null : { id: Number(r.auction_id), currency: r.currency!, buy_now_price: r.buy_now_price === null ? null : Number(r.buy_now_price) },
    increments: r.increments?.length ? r.increments.map(([from, step]) => ({ from: Number(from), step: Number(step) })) : DEFAULT_INCREMENTS,
  };
}

/** A bid row as written, without its id. */
export type BidInsert = Omit<BidRow, 'id' | 'reason' | 'seq'> & { reason?: string | null; seq?: number | null };

/**
 * Writes an accepted buy-it-now in one statement: the auction's new state, the
 * bid and its events. The auction row is locked by the caller.
 */
export async function writeAcceptedBid(trx: Knex.Transaction, auctionId: number, state: Partial<AuctionRow>, bid: BidInsert, events: { topic: string; payload: Record<string, unknown> }[]): Promise<AuctionRow> {
  const sets = Object.entries(state);
  const bidCols = ['auction_id', 'bidder_id', 'kind', 'max_amount', 'amount', 'status', 'seq', 'created_at'] as const;
  const outbox = events.length ? `, o as (insert into outbox (topic, payload) values ${events.map(() => '(?, ?::jsonb)').join(', ')})` : '';
  const { rows } = await trx.raw(
    `with upd as (update auctions set ${sets.map(() => '?? = ?').join(', ')} where id = ? returning *),
          b as (insert into bids (${bidCols.join(', ')}) values (${bidCols.map(() => '?').join(', ')}))${outbox}
     select * from upd`,
    [...sets.flatMap(([k, v]) => [k, v as Knex.Value]), auctionId, ...bidCols.map((c) => (bid[c] ?? null) as Knex.Value), ...events.flatMap((e) => [e.topic, JSON.stringify(e.payload)])],
  );
  return numeric(rows[0] as AuctionRow);
}

/** What `auction_place_max_bid` answers (migrations/20261207000141_auction_bid_function.ts). */
export type MaxBidAnswer =
  | { ok: true; auction: Record<string, unknown>; currency: string; leading: boolean; price: number; reserveMet: boolean }
  | { ok: false; reason: 'no_user' | 'blocked' | 'no_auction' | 'not_started' | 'seller' | 'funds' | 'ended' | 'not_above_own' | 'too_low'; asking?: number; currency?: string; startsAt?: string }
  | { ok: false; reason: 'not_open'; status: string };

const DEFAULT_INCREMENTS_JSON = JSON.stringify(DEFAULT_INCREMENTS);
const PLACE_MAX_BID_SQL = 'select auction_place_max_bid($1, $2, $3, $4, $5, $6::jsonb) as r';

/**
 * A maximum bid in one statement: the function locks the auction row, applies the
 * proxy-bidding rules and writes the state, the bid and its events, so the row is
 * held for that statement and its commit. `available` (the bidder's wallet balance)
 * is checked against the maximum when given.
 */
export async function placeMaxBidRow(db: Db, listingId: number, bidderId: number, max: number, at: Date, available: number | null): Promise<MaxBidAnswer> {
  const [{ r }] = await fixedRows<{ r: MaxBidAnswer }>(db, PLACE_MAX_BID_SQL, [listingId, bidderId, max, at, available, DEFAULT_INCREMENTS_JSON]);
  return r;
}

/** The auction row a bid function answered with (JSON) as the row type. */
export function auctionOfJson(json: Record<string, unknown>): AuctionRow {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) row[k] = k.endsWith('_at') && typeof v === 'string' ? new Date(v) : v;
  return numeric(row as unknown as AuctionRow);
}

/** The increment table of a currency (the default bands when an admin removed them all). */
export async function incrementTable(db: Db, currency: string): Promise<IncrementTable> {
  const rows = await db('auction_increments').where({ currency }).orderBy('from_amount').select('from_amount', 'step');
  return rows.length ? rows.map((r: { from_amount: string; step: string }) => ({ from: Number(r.from_amount), step: Number(r.step) })) : DEFAULT_INCREMENTS;
}

/** Open auctions whose end has passed, oldest first. */
export async function dueAuctions(db: Db, now: Date, limit = 200): Promise<number[]> {
  return (await db('auctions').where({ status: 'open' }).where('ends_at', '<=', now).orderBy('ends_at').limit(limit).pluck('id')).map(Number);
}

/** Accepted bids of an auction in the order they were taken. */
export async function acceptedBids(db: Db, auctionId: number): Promise<BidRow[]> {
  return (await db<BidRow>('bids').where({ auction_id: auctionId, status: 'accepted' }).orderBy('seq')).map(numeric);
}

/** Everyone who bid on an auction (accepted bids), for the closing notifications. */
export async function biddersOf(db: Db, auctionId: number): Promise<number[]> {
  return (await db('bids').where({ auction_id: auctionId, status: 'accepted' }).distinct('bidder_id').pluck('bidder_id')).map(Number).sort((a, b) => a - b);
}
