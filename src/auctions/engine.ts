/**
 * The bidding rules of a live auction as pure functions: a state and a bid give a new
 * state and the effects to announce. No I/O and no clock: every time (ms since the epoch)
 * comes in as an argument, every amount is an integer in minor units.
 *
 * Rules in short:
 * - Proxy bidding. A bidder gives a maximum; the price is one increment (for the
 *   second-best maximum's band) above the second-best maximum, capped at the leader's
 *   maximum. The best maximum leads; equal maxima go to the earlier one (earlier `at`,
 *   then lower `seq`).
 * - The asking price (the least maximum accepted) is the start price before the first bid,
 *   then price + increment(price). A lower maximum is refused ('too_low') with it.
 * - The leader raising their own maximum never raises the price, except to meet the
 *   reserve: when the new maximum covers a reserve the price is below, the price lifts to
 *   the reserve. A leader's re-bid at or below their current maximum is refused
 *   ('not_above_own'); a raise above it must still reach the asking price ('too_low').
 *   Anyone else's earlier maximum is always at or below the price, so the asking price
 *   alone decides their re-bids. A raise replaces the leader's maximum together with its
 *   `at` and `seq` (nobody else can tie it: every other maximum is below the old one).
 * - Reserve: hidden; whenever the leader's maximum covers it and the price is below it,
 *   the price lifts straight to it. `reserveMet` tells whether the price reached it
 *   (always true without a reserve).
 * - Buy it now: offered while nobody has bid, or, when the seller chose
 *   `buyNowUntil: 'reserve_met'`, until the price reaches the reserve (without a reserve
 *   that is again the first bid). Using it ends the auction at once at the buy-now price
 *   with that buyer leading.
 * - Soft close: an accepted bid that changes the leader (the first bid included) less than
 *   `softCloseMs` before the end moves the end to bid time + `softCloseMs`. A leader's own
 *   raise and a refused bid never extend. A bid at or after the end is refused ('ended').
 * - The seller cannot bid ('seller').
 */
import { incrementFor, type IncrementTable } from './increments.js';

export { DEFAULT_INCREMENTS, incrementFor, validateTable, type IncrementTable } from './increments.js';

/** Two minutes: the default soft-close window. */
export const DEFAULT_SOFT_CLOSE_MS = 2 * 60 * 1000;

/** A bidder's maximum, with when it was given (for ties). */
export interface MaxBid {
  bidderId: number;
  max: number;
  /** when the maximum was given (ms) */
  at: number;
  /** the bid's sequence number within the auction (breaks ties at the same `at`) */
  seq: number;
}

export interface AuctionState {
  sellerId: number;
  startPrice: number;
  /** hidden from buyers; null: no reserve */
  reservePrice: number | null;
  /** null: no buy-it-now */
  buyNowPrice: number | null;
  buyNowUntil: 'first_bid' | 'reserve_met';
  /** the end (ms); moved by soft close */
  endsAt: number;
  softCloseMs: number;
  /** the current price; null before the first bid */
  price: number | null;
  leader: MaxBid | null;
  /** the best maximum of anyone other than the leader (persist it: the next proxy price needs it) */
  runnerUp: MaxBid | null;
  /** accepted bids: maxima (leader raises included) and a buy-now */
  bidCount: number;
  /** whether the price has reached the reserve (true when there is no reserve) */
  reserveMet: boolean;
  ended: null | { reason: 'time' | 'buy_now'; at: number };
}

export type BidRequest =
  | { kind: 'max'; bidderId: number; max: number; at: number; seq: number }
  | { kind: 'buy_now'; bidderId: number; at: number; seq: number };

export type Effect =
  /** the price or the leader changed */
  | { type: 'price'; price: number; leaderId: number; previousLeaderId: number | null }
  /** this bidder led before the bid and no longer does */
  | { type: 'outbid'; bidderId: number }
  /** soft close moved the end */
  | { type: 'extended'; endsAt: number }
  /** the price reached the reserve with this bid */
  | { type: 'reserve_met' }
  /** the auction ended by buy-it-now */
  | { type: 'bought_now'; bidderId: number; price: number };

export type RefusalReason = 'too_low' | 'ended' | 'seller' | 'buy_now_gone' | 'not_above_own';

export type BidOutcome =
  | { ok: true; state: AuctionState; effects: Effect[] }
  | { ok: false; reason: RefusalReason; asking: number; message: string };

export interface NewAuctionInput {
  sellerId: number;
  startPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  buyNowUntil?: 'first_bid' | 'reserve_met';
  endsAt: number;
  softCloseMs?: number;
}

/** What closing decided. */
export type CloseOutcome =
  | { closed: false; endsAt: number }
  | {
      closed: true;
      state: AuctionState;
      result:
        | { sold: true; winnerId: number; price: number; via: 'time' | 'buy_now' }
        /** `highest` is the best maximum (for an offer to that bidder when the reserve was not met) */
        | { sold: false; reason: 'no_bids' | 'reserve_not_met'; highest: MaxBid | null };
    };

function isAmount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * A fresh auction. Throws a RangeError for amounts a form should have refused: a start price
 * below 1 minor unit, a reserve below the start price, a buy-now price not above the start
 * price or below the reserve, a negative soft-close window.
 */
export function newAuction(input: NewAuctionInput): AuctionState {
  const reservePrice = input.reservePrice ?? null;
  const buyNowPrice = input.buyNowPrice ?? null;
  const softCloseMs = input.softCloseMs ?? DEFAULT_SOFT_CLOSE_MS;
  if (!isAmount(input.startPrice) || input.startPrice < 1) throw new RangeError('the start price must be a positive whole amount');
  if (reservePrice !== null && (!isAmount(reservePrice) || reservePrice < input.startPrice)) {
    throw new RangeError('the reserve must be a whole amount at or above the start price');
  }
  if (buyNowPrice !== null && (!isAmount(buyNowPrice) || buyNowPrice <= input.startPrice || (reservePrice !== null && buyNowPrice < reservePrice))) {
    throw new RangeError('the buy-now price must be above the start price and at or above the reserve');
  }
  if (!Number.isSafeInteger(softCloseMs) || softCloseMs < 0) throw new RangeError('the soft-close window must be 0 ms or more');
  if (!Number.isSafeInteger(input.endsAt)) throw new RangeError('the end must be a time in ms');
  return {
    sellerId: input.sellerId,
    startPrice: input.startPrice,
    reservePrice,
    buyNowPrice,
    buyNowUntil: input.buyNowUntil ?? 'first_bid',
    endsAt: input.endsAt,
    softCloseMs,
    price: null,
    leader: null,
    runnerUp: null,
    bidCount: 0,
    reserveMet: reservePrice === null,
    ended: null,
  };
}

/** The least maximum a new bid may give: the start price before the first bid, else price + increment. */
export function askingPrice(state: AuctionState, table: IncrementTable): number {
  return state.price === null ? state.startPrice : state.price + incrementFor(state.price, table);
}

/** Whether buy-it-now is still offered (ignores the end time; `placeBid` checks that). */
export function buyNowAvailable(state: AuctionState): boolean {
  if (state.buyNowPrice === null || state.ended) return false;
  if (state.leader === null) return true;
  if (state.buyNowUntil === 'reserve_met') return !state.reserveMet;
  return false;
}

/** Whether `a` beats `b`: a higher maximum, or the same maximum given earlier. */
export function beats(a: MaxBid, b: MaxBid): boolean {
  if (a.max !== b.max) return a.max > b.max;
  if (a.at !== b.at) return a.at < b.at;
  return a.seq < b.seq;
}

const REFUSALS: Record<RefusalReason, string> = {
  too_low: 'Your maximum is below the asking price.',
  ended: 'This auction has ended.',
  seller: 'You cannot bid on your own auction.',
  buy_now_gone: 'Buy it now is no longer available.',
  not_above_own: 'You are already the highest bidder; a new maximum must be above your current one.',
};

/** What a bidder is told for a refusal of the rules. */
export function refusalMessage(reason: RefusalReason): string {
  return REFUSALS[reason];
}

function refuse(state: AuctionState, table: IncrementTable, reason: RefusalReason): BidOutcome {
  return { ok: false, reason, asking: askingPrice(state, table), message: REFUSALS[reason] };
}

/** Lifts the price to the reserve when the leader's maximum covers it. */
function liftToReserve(price: number, leaderMax: number, reserve: number | null): number {
  return reserve !== null && price < reserve && leaderMax >= reserve ? reserve : price;
}

/**
 * Applies one bid. Refusals leave the state untouched (they carry the asking price to show).
 * Throws a RangeError for a maximum that is not a whole amount (the edge validates it).
 */
export function placeBid(state: AuctionState, bid: BidRequest, table: IncrementTable): BidOutcome {
  if (state.ended || bid.at >= state.endsAt) return refuse(state, table, 'ended');
  if (bid.bidderId === state.sellerId) return refuse(state, table, 'seller');
  const previousLeaderId = state.leader?.bidderId ?? null;
  const effects: Effect[] = [];

  if (bid.kind === 'buy_now') {
    if (!buyNowAvailable(state)) return refuse(state, table, 'buy_now_gone');
    const price = state.buyNowPrice!;
    const buyer: MaxBid = { bidderId: bid.bidderId, max: price, at: bid.at, seq: bid.seq };
    let runnerUp = state.runnerUp;
    if (state.leader && state.leader.bidderId !== bid.bidderId) runnerUp = state.leader;
    const next: AuctionState = {
      ...state,
      price,
      leader: buyer,
      runnerUp,
      bidCount: state.bidCount + 1,
      reserveMet: true,
      ended: { reason: 'buy_now', at: bid.at },
    };
    effects.push({ type: 'price', price, leaderId: bid.bidderId, previousLeaderId });
    if (previousLeaderId !== null && previousLeaderId !== bid.bidderId) effects.push({ type: 'outbid', bidderId: previousLeaderId });
    if (!state.reserveMet) effects.push({ type: 'reserve_met' });
    effects.push({ type: 'bought_now', bidderId: bid.bidderId, price });
    return { ok: true, state: next, effects };
  }

  if (!isAmount(bid.max)) throw new RangeError('a maximum must be a whole amount in minor units');
  const mine: MaxBid = { bidderId: bid.bidderId, max: bid.max, at: bid.at, seq: bid.seq };
  const asking = askingPrice(state, table);
  let leader: MaxBid;
  let runnerUp = state.runnerUp;
  let price: number;

  if (state.leader && state.leader.bidderId === bid.bidderId) {
    // the leader raises their own maximum: the price stays, unless the reserve is now covered
    if (bid.max <= state.leader.max) return refuse(state, table, 'not_above_own');
    if (bid.max < asking) return refuse(state, table, 'too_low');
    leader = mine;
    price = liftToReserve(state.price!, leader.max, state.reservePrice);
  } else {
    if (bid.max < asking) return refuse(state, table, 'too_low');
    if (state.leader === null) {
      leader = mine;
      price = state.startPrice;
    } else if (beats(mine, state.leader)) {
      leader = mine;
      runnerUp = state.leader;
      price = Math.min(leader.max, runnerUp.max + incrementFor(runnerUp.max, table));
    } else {
      leader = state.leader;
      if (runnerUp === null || runnerUp.bidderId === mine.bidderId || beats(mine, runnerUp)) runnerUp = mine;
      price = Math.min(leader.max, runnerUp.max + incrementFor(runnerUp.max, table));
    }
    price = liftToReserve(price, leader.max, state.reservePrice);
  }

  const reserveMet = state.reservePrice === null || price >= state.reservePrice;
  let endsAt = state.endsAt;
  const leaderChanged = leader.bidderId !== previousLeaderId;
  if (leaderChanged && bid.at + state.softCloseMs > state.endsAt) endsAt = bid.at + state.softCloseMs;

  const next: AuctionState = { ...state, price, leader, runnerUp, bidCount: state.bidCount + 1, reserveMet, endsAt };
  if (price !== state.price || leaderChanged) effects.push({ type: 'price', price, leaderId: leader.bidderId, previousLeaderId });
  if (leaderChanged && previousLeaderId !== null) effects.push({ type: 'outbid', bidderId: previousLeaderId });
  if (reserveMet && !state.reserveMet) effects.push({ type: 'reserve_met' });
  if (endsAt !== state.endsAt) effects.push({ type: 'extended', endsAt });
  return { ok: true, state: next, effects };
}

/**
 * Closes the auction when `now` is at or after the end (or it was bought now): the leader wins
 * at the price when the reserve is met (or there is none), otherwise no sale. Safe to call
 * again on a closed state: it gives the same result.
 */
export function close(state: AuctionState, now: number): CloseOutcome {
  if (!state.ended && now < state.endsAt) return { closed: false, endsAt: state.endsAt };
  const ended = state.ended ?? { reason: 'time' as const, at: state.endsAt };
  const next: AuctionState = state.ended ? state : { ...state, ended };
  if (state.leader === null || state.price === null) {
    return { closed: true, state: next, result: { sold: false, reason: 'no_bids', highest: null } };
  }
  if (!state.reserveMet) {
    return { closed: true, state: next, result: { sold: false, reason: 'reserve_not_met', highest: state.leader } };
  }
  return { closed: true, state: next, result: { sold: true, winnerId: state.leader.bidderId, price: state.price, via: ended.reason } };
}
