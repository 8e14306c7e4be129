import { describe, expect, it } from 'vitest';
import {
  askingPrice,
  buyNowAvailable,
  close,
  newAuction,
  placeBid,
  type AuctionState,
  type BidOutcome,
  type BidRequest,
  type Effect,
  type NewAuctionInput,
} from '../../src/auctions/engine.js';
import { DEFAULT_INCREMENTS, incrementFor, validateTable } from '../../src/auctions/increments.js';

/** Worked examples of each bidding rule. Amounts in cents; times in ms. */

const T = DEFAULT_INCREMENTS;
const SELLER = 1;
const A = 10;
const B = 11;
const C = 12;
const END = 10_000_000;
const MIN = 60_000;

function auction(over: Partial<NewAuctionInput> = {}): AuctionState {
  return newAuction({ sellerId: SELLER, startPrice: 1000, endsAt: END, ...over });
}

let seq = 0;
function max(bidderId: number, amount: number, at = 1_000): BidRequest {
  return { kind: 'max', bidderId, max: amount, at, seq: ++seq };
}
function buyNow(bidderId: number, at = 1_000): BidRequest {
  return { kind: 'buy_now', bidderId, at, seq: ++seq };
}

/** places a bid that must be accepted */
function ok(state: AuctionState, bid: BidRequest): { state: AuctionState; effects: Effect[] } {
  const out = placeBid(state, bid, T);
  if (!out.ok) throw new Error(`refused: ${out.reason} (asking ${out.asking})`);
  return out;
}
/** places several bids that must all be accepted */
function run(state: AuctionState, ...bids: BidRequest[]): AuctionState {
  return bids.reduce((s, b) => ok(s, b).state, state);
}
function refused(out: BidOutcome): Extract<BidOutcome, { ok: false }> {
  if (out.ok) throw new Error('expected a refusal');
  return out;
}

describe('increments', () => {
  it('follow the default bands at their edges', () => {
    const edges: [number, number][] = [
      [0, 5], [99, 5], [100, 25], [499, 25], [500, 50], [2_499, 50], [2_500, 100], [9_999, 100],
      [10_000, 250], [24_999, 250], [25_000, 500], [49_999, 500], [50_000, 1_000], [99_999, 1_000],
      [100_000, 2_500], [249_999, 2_500], [250_000, 5_000], [499_999, 5_000], [500_000, 10_000], [1_000_000_000, 10_000],
    ];
    for (const [price, step] of edges) expect([price, incrementFor(price, T)]).toEqual([price, step]);
  });

  it('set the asking price by the band of the current price', () => {
    // one bid at the start price of 4.99: next is 4.99 + 0.25
    expect(askingPrice(run(auction({ startPrice: 499 }), max(A, 2_000)), T)).toBe(524);
    // at 5.00 the step is 0.50
    expect(askingPrice(run(auction({ startPrice: 500 }), max(A, 2_000)), T)).toBe(550);
  });

  it('put the proxy price one step of the second maximum\'s band above it', () => {
    // second max 4.99 → +0.25; second max 5.00 → +0.50
    expect(run(auction({ startPrice: 100 }), max(A, 2_000), max(B, 499)).price).toBe(524);
    expect(run(auction({ startPrice: 100 }), max(A, 2_000), max(B, 500)).price).toBe(550);
    // second max 99.99 → +1.00; 100.00 → +2.50
    expect(run(auction({ startPrice: 100 }), max(A, 50_000), max(B, 9_999)).price).toBe(10_099);
    expect(run(auction({ startPrice: 100 }), max(A, 50_000), max(B, 10_000)).price).toBe(10_250);
  });

  it('tables are checked for the admin form', () => {
    expect(validateTable(T)).toEqual([]);
    expect(validateTable([])).toEqual([{ index: null, field: null, message: 'Add at least one band.' }]);
    expect(validateTable([{ from: 100, step: 5 }])).toEqual([{ index: 0, field: 'from', message: 'The first band starts at 0.' }]);
    expect(validateTable([{ from: 0, step: 5 }, { from: 500, step: 10 }, { from: 500, step: 20 }]).map((e) => [e.index, e.field])).toEqual([[2, 'from']]);
    expect(validateTable([{ from: 0, step: 5 }, { from: 300, step: 10 }, { from: 200, step: 20 }]).map((e) => [e.index, e.field])).toEqual([[2, 'from']]);
    expect(validateTable([{ from: 0, step: 0 }, { from: 100, step: -5 }, { from: 200, step: 2.5 }]).map((e) => [e.index, e.field])).toEqual([
      [0, 'step'],
      [1, 'step'],
      [2, 'step'],
    ]);
    expect(validateTable([{ from: 0, step: 5 }, { from: 1.5, step: 5 }]).map((e) => [e.index, e.field])).toEqual([[1, 'from']]);
  });
});

describe('proxy bidding', () => {
  it('two bidders: the price is one increment above the second maximum', () => {
    let s = auction();
    const first = ok(s, max(A, 2_500));
    expect(first.state.price).toBe(1_000);
    expect(first.state.leader?.bidderId).toBe(A);
    expect(first.effects).toEqual([{ type: 'price', price: 1_000, leaderId: A, previousLeaderId: null }]);
    s = first.state;

    // B's 15.00 loses to A's 25.00: A leads at 15.00 + 0.50
    const second = ok(s, max(B, 1_500));
    expect(second.state.leader?.bidderId).toBe(A);
    expect(second.state.runnerUp?.bidderId).toBe(B);
    expect(second.state.price).toBe(1_550);
    expect(second.effects).toEqual([{ type: 'price', price: 1_550, leaderId: A, previousLeaderId: A }]);
    s = second.state;

    // B comes back with 30.00: B leads at A's 25.00 + 1.00, A is outbid
    const third = ok(s, max(B, 3_000));
    expect(third.state.leader?.bidderId).toBe(B);
    expect(third.state.runnerUp?.bidderId).toBe(A);
    expect(third.state.price).toBe(2_600);
    expect(third.state.bidCount).toBe(3);
    expect(third.effects).toEqual([
      { type: 'price', price: 2_600, leaderId: B, previousLeaderId: A },
      { type: 'outbid', bidderId: A },
    ]);

    // C lands between them: the runner-up becomes C, the price follows C
    const fourth = ok(third.state, max(C, 2_800));
    expect(fourth.state.runnerUp?.bidderId).toBe(C);
    expect(fourth.state.price).toBe(2_900);
  });

  it('never goes above the leader\'s maximum', () => {
    // 19.80 + 0.50 would pass A's 20.00: capped at 20.00
    const s = run(auction(), max(A, 2_000), max(B, 1_980));
    expect(s.leader?.bidderId).toBe(A);
    expect(s.price).toBe(2_000);
    // and when B takes the lead, capped at B's own maximum
    const t = run(auction(), max(A, 2_000), max(B, 2_010));
    expect(t.leader?.bidderId).toBe(B);
    expect(t.price).toBe(2_010);
  });

  it('equal maxima go to the earlier one', () => {
    const s = run(auction(), max(A, 2_000, 1_000), max(B, 2_000, 2_000));
    expect(s.leader?.bidderId).toBe(A);
    expect(s.price).toBe(2_000);
    expect(s.runnerUp?.bidderId).toBe(B);
  });

  it('equal maxima at the same time go to the lower sequence number', () => {
    const s0 = auction();
    const a = { kind: 'max', bidderId: A, max: 2_000, at: 5_000, seq: 8 } as const;
    const b = { kind: 'max', bidderId: B, max: 2_000, at: 5_000, seq: 7 } as const;
    const s = run(s0, a, b);
    expect(s.leader?.bidderId).toBe(B);
    expect(s.price).toBe(2_000);
    // and the later sequence number keeps losing it
    const u = run(s0, b, { ...a, seq: 9 });
    expect(u.leader?.bidderId).toBe(B);
  });

  it('raising your own maximum while leading leaves the price alone', () => {
    let s = run(auction(), max(A, 2_000), max(B, 1_500));
    expect(s.price).toBe(1_550);
    const raise = ok(s, max(A, 5_000));
    expect(raise.state.price).toBe(1_550);
    expect(raise.state.leader).toMatchObject({ bidderId: A, max: 5_000 });
    expect(raise.effects).toEqual([]);
    s = raise.state;
    // B now needs more than 50.00 to lead
    s = run(s, max(B, 4_000));
    expect(s.leader?.bidderId).toBe(A);
    expect(s.price).toBe(4_100);
  });

  it('a leader\'s maximum at or below their own is refused; a raise must still reach the asking price', () => {
    const s = run(auction(), max(A, 2_000), max(B, 1_500));
    const same = refused(placeBid(s, max(A, 2_000), T));
    expect(same).toMatchObject({ reason: 'not_above_own', asking: 1_600 });
    expect(refused(placeBid(s, max(A, 1_800), T)).reason).toBe('not_above_own');

    // A leads at their own maximum (capped by B's 19.80): 20.20 is above it but below 20.50
    const capped = run(auction(), max(A, 2_000), max(B, 1_980));
    expect(capped.price).toBe(2_000);
    expect(refused(placeBid(capped, max(A, 2_020), T))).toMatchObject({ reason: 'too_low', asking: 2_050 });
    expect(ok(capped, max(A, 2_050)).state.price).toBe(2_000);
  });

  it('someone else\'s re-bid below the asking price is too low (their old maximum is always below it)', () => {
    const s = run(auction(), max(A, 2_000), max(B, 1_500));
    expect(refused(placeBid(s, max(B, 1_550), T))).toMatchObject({ reason: 'too_low', asking: 1_600 });
  });
});

describe('asking price', () => {
  it('is the start price before the first bid, then price + increment', () => {
    let s = auction();
    expect(askingPrice(s, T)).toBe(1_000);
    expect(refused(placeBid(s, max(A, 999), T))).toMatchObject({ reason: 'too_low', asking: 1_000, message: expect.any(String) });
    s = run(s, max(A, 1_000));
    expect(s.price).toBe(1_000);
    expect(askingPrice(s, T)).toBe(1_050);
    s = run(s, max(B, 1_050));
    // B's 10.50 ties nothing: A's 10.00 is lower, B leads at 10.00 + 0.50 capped at 10.50
    expect(s.leader?.bidderId).toBe(B);
    expect(s.price).toBe(1_050);
    expect(askingPrice(s, T)).toBe(1_100);
    expect(refused(placeBid(s, max(A, 1_099), T)).asking).toBe(1_100);
    expect(ok(s, max(A, 1_100)).state.leader?.bidderId).toBe(A);
  });

  it('a refusal leaves the state as it was', () => {
    const s = run(auction(), max(A, 2_000));
    const before = structuredClone(s);
    placeBid(s, max(B, 10), T);
    expect(s).toEqual(before);
  });
});

describe('reserve', () => {
  it('is not met until the leader\'s maximum covers it, then the price lifts straight to it', () => {
    let s = auction({ reservePrice: 5_000 });
    expect(s.reserveMet).toBe(false);
    s = run(s, max(A, 3_000));
    expect(s.price).toBe(1_000);
    expect(s.reserveMet).toBe(false);
    const b = ok(s, max(B, 6_000));
    // proxy price would be 31.00; B's maximum covers 50.00, so the price is 50.00
    expect(b.state.price).toBe(5_000);
    expect(b.state.reserveMet).toBe(true);
    expect(b.effects).toEqual([
      { type: 'price', price: 5_000, leaderId: B, previousLeaderId: A },
      { type: 'outbid', bidderId: A },
      { type: 'reserve_met' },
    ]);
    // above the reserve, proxy bidding resumes
    s = run(b.state, max(A, 5_500));
    expect(s.price).toBe(5_600);
  });

  it('a first maximum covering it starts the price at the reserve', () => {
    const s = run(auction({ reservePrice: 5_000 }), max(A, 8_000));
    expect(s.price).toBe(5_000);
    expect(s.reserveMet).toBe(true);
  });

  it('a leader raising to cover it lifts the price to it; raising further does not', () => {
    let s = run(auction({ reservePrice: 5_000 }), max(A, 3_000), max(B, 2_000));
    expect(s.price).toBe(2_050);
    const raise = ok(s, max(A, 7_000));
    expect(raise.state.price).toBe(5_000);
    expect(raise.effects).toEqual([{ type: 'price', price: 5_000, leaderId: A, previousLeaderId: A }, { type: 'reserve_met' }]);
    s = raise.state;
    const again = ok(s, max(A, 9_000));
    expect(again.state.price).toBe(5_000);
    expect(again.effects).toEqual([]);
  });

  it('a loser\'s maximum below the reserve leaves it unmet', () => {
    const s = run(auction({ reservePrice: 5_000 }), max(A, 4_000), max(B, 4_500));
    expect(s.leader?.bidderId).toBe(B);
    expect(s.price).toBe(4_100);
    expect(s.reserveMet).toBe(false);
  });

  it('without a reserve it is met from the start', () => {
    expect(auction().reserveMet).toBe(true);
  });
});

describe('buy it now', () => {
  it('is offered until the first bid', () => {
    const s = auction({ buyNowPrice: 5_000 });
    expect(buyNowAvailable(s)).toBe(true);
    const bought = ok(s, buyNow(A, 2_000));
    expect(bought.state.ended).toEqual({ reason: 'buy_now', at: 2_000 });
    expect(bought.state.price).toBe(5_000);
    expect(bought.state.leader?.bidderId).toBe(A);
    expect(bought.effects).toEqual([
      { type: 'price', price: 5_000, leaderId: A, previousLeaderId: null },
      { type: 'bought_now', bidderId: A, price: 5_000 },
    ]);
    // ended: nothing more is accepted
    expect(refused(placeBid(bought.state, max(B, 9_000, 2_001), T)).reason).toBe('ended');
    expect(close(bought.state, 2_001)).toMatchObject({ closed: true, result: { sold: true, winnerId: A, price: 5_000, via: 'buy_now' } });

    const bid = run(s, max(B, 1_200));
    expect(buyNowAvailable(bid)).toBe(false);
    expect(refused(placeBid(bid, buyNow(A), T)).reason).toBe('buy_now_gone');
  });

  it('with "until the reserve is met", stays while the price is below the reserve', () => {
    let s = auction({ reservePrice: 3_000, buyNowPrice: 5_000, buyNowUntil: 'reserve_met' });
    s = run(s, max(A, 2_000));
    expect(buyNowAvailable(s)).toBe(true);
    const bought = ok(s, buyNow(B));
    expect(bought.state.leader?.bidderId).toBe(B);
    expect(bought.state.runnerUp?.bidderId).toBe(A);
    expect(bought.effects).toEqual([
      { type: 'price', price: 5_000, leaderId: B, previousLeaderId: A },
      { type: 'outbid', bidderId: A },
      { type: 'reserve_met' },
      { type: 'bought_now', bidderId: B, price: 5_000 },
    ]);

    // once the price reaches the reserve, it is gone
    const met = run(s, max(B, 3_500));
    expect(met.price).toBe(3_000);
    expect(buyNowAvailable(met)).toBe(false);
    expect(refused(placeBid(met, buyNow(C), T))).toMatchObject({ reason: 'buy_now_gone', asking: 3_100 });
  });

  it('with "until the reserve is met" but no reserve, goes at the first bid', () => {
    const s = run(auction({ buyNowPrice: 5_000, buyNowUntil: 'reserve_met' }), max(A, 1_000));
    expect(refused(placeBid(s, buyNow(B), T)).reason).toBe('buy_now_gone');
  });

  it('is refused when the auction has none, when it ended, and to the seller', () => {
    expect(refused(placeBid(auction(), buyNow(A), T)).reason).toBe('buy_now_gone');
    expect(refused(placeBid(auction({ buyNowPrice: 5_000 }), buyNow(A, END), T)).reason).toBe('ended');
    expect(refused(placeBid(auction({ buyNowPrice: 5_000 }), buyNow(SELLER), T)).reason).toBe('seller');
  });
});

describe('soft close', () => {
  const window = { softCloseMs: 2 * MIN };

  it('defaults to two minutes', () => {
    expect(auction().softCloseMs).toBe(2 * MIN);
  });

  it('a bid that changes the leader in the last minutes moves the end to bid time + the window', () => {
    const s = run(auction(window), max(A, 2_000, 1_000));
    const at = END - MIN;
    const b = ok(s, max(B, 3_000, at));
    expect(b.state.endsAt).toBe(at + 2 * MIN);
    expect(b.effects).toContainEqual({ type: 'extended', endsAt: at + 2 * MIN });
    // a bid after the old end but before the new one is taken
    const c = ok(b.state, max(A, 4_000, END + 30_000));
    expect(c.state.leader?.bidderId).toBe(A);
    expect(c.state.endsAt).toBe(END + 30_000 + 2 * MIN);
  });

  it('the first bid in the last minutes extends too (it gives the auction a leader)', () => {
    const b = ok(auction(window), max(A, 2_000, END - 1));
    expect(b.state.endsAt).toBe(END - 1 + 2 * MIN);
  });

  it('a bid that leaves the leader in place does not extend', () => {
    const s = run(auction(window), max(A, 5_000, 1_000));
    const b = ok(s, max(B, 3_000, END - MIN));
    expect(b.state.leader?.bidderId).toBe(A);
    expect(b.state.price).toBe(3_100);
    expect(b.state.endsAt).toBe(END);
    expect(b.effects.some((e) => e.type === 'extended')).toBe(false);
    // nor does the leader raising their own maximum
    expect(ok(s, max(A, 9_000, END - MIN)).state.endsAt).toBe(END);
  });

  it('a bid before the window does not extend', () => {
    const s = run(auction(window), max(A, 2_000, 1_000));
    expect(ok(s, max(B, 3_000, END - 2 * MIN)).state.endsAt).toBe(END);
    expect(ok(s, max(B, 3_000, END - 2 * MIN + 1)).state.endsAt).toBe(END + 1);
  });

  it('a refused bid never extends, and a bid at or after the end is refused', () => {
    const s = run(auction(window), max(A, 2_000, 1_000));
    const low = refused(placeBid(s, max(B, 1_010, END - MIN), T));
    expect(low.reason).toBe('too_low');
    expect(s.endsAt).toBe(END);
    expect(refused(placeBid(s, max(B, 9_000, END), T))).toMatchObject({ reason: 'ended', asking: 1_050 });
    expect(refused(placeBid(s, max(B, 9_000, END + 5), T)).reason).toBe('ended');
  });
});

describe('the seller', () => {
  it('cannot bid on their own auction', () => {
    const out = refused(placeBid(auction(), max(SELLER, 5_000), T));
    expect(out.reason).toBe('seller');
    expect(out.asking).toBe(1_000);
    expect(out.message).toMatch(/own auction/);
  });
});

describe('closing', () => {
  it('does nothing before the end', () => {
    const s = run(auction(), max(A, 2_000));
    expect(close(s, END - 1)).toEqual({ closed: false, endsAt: END });
  });

  it('sells to the leader at the price', () => {
    const s = run(auction(), max(A, 2_000), max(B, 1_500));
    const c = close(s, END);
    expect(c).toMatchObject({ closed: true, result: { sold: true, winnerId: A, price: 1_550, via: 'time' } });
    if (!c.closed) throw new Error('not closed');
    expect(c.state.ended).toEqual({ reason: 'time', at: END });
    // a second close gives the same result
    expect(close(c.state, END + 10_000)).toEqual(c);
  });

  it('no bids: no sale', () => {
    expect(close(auction(), END)).toMatchObject({ closed: true, result: { sold: false, reason: 'no_bids', highest: null } });
  });

  it('reserve not met: no sale, with the best maximum for an offer', () => {
    const s = run(auction({ reservePrice: 5_000 }), max(A, 4_000), max(B, 3_000));
    expect(close(s, END + 1)).toMatchObject({
      closed: true,
      result: { sold: false, reason: 'reserve_not_met', highest: { bidderId: A, max: 4_000 } },
    });
  });

  it('reserve met: sold at the price', () => {
    const s = run(auction({ reservePrice: 5_000 }), max(A, 6_000));
    expect(close(s, END)).toMatchObject({ closed: true, result: { sold: true, winnerId: A, price: 5_000 } });
  });
});

describe('new auctions', () => {
  it('refuse amounts a form should have refused', () => {
    expect(() => auction({ startPrice: 0 })).toThrow(RangeError);
    expect(() => auction({ startPrice: 10.5 })).toThrow(RangeError);
    expect(() => auction({ reservePrice: 999 })).toThrow(RangeError);
    expect(() => auction({ buyNowPrice: 1_000 })).toThrow(RangeError);
    expect(() => auction({ reservePrice: 5_000, buyNowPrice: 4_000 })).toThrow(RangeError);
    expect(() => auction({ softCloseMs: -1 })).toThrow(RangeError);
    expect(auction({ reservePrice: 1_000, buyNowPrice: 1_000 + 1 })).toMatchObject({ reservePrice: 1_000, buyNowPrice: 1_001 });
  });

  it('refuse a maximum that is not a whole amount', () => {
    expect(() => placeBid(auction(), max(A, 1_000.5), T)).toThrow(RangeError);
  });
});
