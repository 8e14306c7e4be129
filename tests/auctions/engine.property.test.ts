/**
 * Random bid sequences — several bidders (and now and then the seller), maxima near the
 * asking price, ties at the same amount and at the same time, leaders raising their own
 * maximum, reserves, buy-it-now in both modes, times running into the soft-close window and
 * past the end — run through the engine and through the reference model in ./model.ts.
 * After every bid the two must agree on acceptance (and the reason and asking price of a
 * refusal), the leader, the runner-up, the price, the end time, the reserve and buy-it-now;
 * the effects must describe the change; closing must agree.
 *
 * A failing run prints its seed; `SOUK_AUCTION_SEED=<seed> npx vitest run
 * tests/auctions/engine.property.test.ts` replays it. SOUK_AUCTION_RUNS changes the count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyNowAvailable, close, newAuction, placeBid, type AuctionState, type BidRequest } from '../../src/auctions/engine.js';
import { DEFAULT_INCREMENTS, type IncrementTable } from '../../src/auctions/increments.js';
import { AuctionModel, type ModelConfig } from './model.js';

const SEED = process.env.SOUK_AUCTION_SEED ? Number(process.env.SOUK_AUCTION_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SOUK_AUCTION_RUNS ?? 10_000);
const SELLER = 99;
const END = 50_000_000;

const TABLES: IncrementTable[] = [
  DEFAULT_INCREMENTS,
  // coarse steps that jump over band edges
  [{ from: 0, step: 1 }, { from: 50, step: 40 }, { from: 1_000, step: 500 }],
  // a step that shrinks at a higher band
  [{ from: 0, step: 100 }, { from: 2_000, step: 7 }, { from: 3_000, step: 250 }],
];

const configArb = fc.record({
  startPrice: fc.oneof(fc.constantFrom(1, 5, 95, 100, 480, 500, 995, 2_450, 2_500, 9_900, 10_000), fc.integer({ min: 1, max: 20_000 })),
  reserveAbove: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 60_000 })), { nil: null }),
  buyNowAbove: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
  buyNowUntil: fc.constantFrom('first_bid' as const, 'reserve_met' as const),
  softCloseMs: fc.constantFrom(0, 1_000, 120_000, 120_000),
  table: fc.constantFrom(0, 0, 0, 1, 2),
  /** how long before the end the first bid comes */
  lead: fc.constantFrom(10_000_000, 300_000, 130_000, 20_000),
});

const amountArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('asking' as const), plus: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 30_000 })) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('ladder' as const), i: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('leader' as const), plus: fc.constantFrom(-1, 0, 0, 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reserve' as const), plus: fc.constantFrom(-1, 0, 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('below' as const), minus: fc.integer({ min: 1, max: 200 }) }) },
);
type Amount = typeof amountArb extends fc.Arbitrary<infer A> ? A : never;
type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never;
type Op = typeof opArb extends fc.Arbitrary<infer O> ? O : never;

const opArb = fc.record({
  bidder: fc.oneof({ weight: 1, arbitrary: fc.constant(SELLER) }, { weight: 15, arbitrary: fc.integer({ min: 1, max: 4 }) }),
  buyNow: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 14, arbitrary: fc.constant(false) }),
  amount: amountArb,
  dt: fc.constantFrom(0, 0, 1, 10, 1_000, 30_000, 90_000, 200_000),
});

const LADDER = [0, 5, 50, 100, 525, 1_000, 2_500, 5_000];

function resolve(a: Amount, model: AuctionModel): number {
  const c = model.config;
  switch (a.type) {
    case 'asking':
      return model.asking() + a.plus;
    case 'ladder':
      return c.startPrice + LADDER[a.i];
    case 'leader':
      return Math.max(0, (model.ranked()[0]?.max ?? c.startPrice) + a.plus);
    case 'reserve':
      return Math.max(0, (c.reservePrice ?? c.startPrice) + a.plus);
    case 'below':
      return Math.max(0, model.asking() - a.minus);
  }
}

const tally = new Map<string, number>();
const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);

function view(s: AuctionState) {
  return {
    leader: s.leader?.bidderId ?? null,
    price: s.price,
    endsAt: s.endsAt,
    ended: s.ended,
    reserveMet: s.reserveMet,
    buyNow: buyNowAvailable(s),
    runnerUp: s.ended ? undefined : s.runnerUp ? [s.runnerUp.bidderId, s.runnerUp.max] : null,
  };
}
function modelView(m: AuctionModel) {
  const r = m.runnerUp();
  return {
    leader: m.leaderId(),
    price: m.price,
    endsAt: m.endsAt,
    ended: m.ended,
    reserveMet: m.reserveMet(),
    buyNow: m.buyNowOffered(),
    runnerUp: m.ended ? undefined : r ? [r.bidderId, r.max] : null,
  };
}

function oneRun(cfg: Config, ops: Op[]): void {
  const table = TABLES[cfg.table];
  const reservePrice = cfg.reserveAbove === null ? null : cfg.startPrice + cfg.reserveAbove;
  const buyNowPrice = cfg.buyNowAbove === null ? null : Math.max(cfg.startPrice, reservePrice ?? 0) + cfg.buyNowAbove;
  const modelConfig: ModelConfig = {
    sellerId: SELLER,
    startPrice: cfg.startPrice,
    reservePrice,
    buyNowPrice,
    buyNowUntil: cfg.buyNowUntil,
    endsAt: END,
    softCloseMs: cfg.softCloseMs,
    bands: table.map((b) => [b.from, b.step]),
  };
  let state = newAuction({ ...modelConfig });
  const model = new AuctionModel(modelConfig);
  let at = END - cfg.lead;
  const log: string[] = [];
  const fail = (msg: string) => {
    throw new Error(`${msg}\nconfig ${JSON.stringify(modelConfig)}\n${log.join('\n')}`);
  };

  ops.forEach((op, i) => {
    at += op.dt;
    const bid: BidRequest = op.buyNow
      ? { kind: 'buy_now', bidderId: op.bidder, at, seq: i + 1 }
      : { kind: 'max', bidderId: op.bidder, max: resolve(op.amount, model), at, seq: i + 1 };
    const before = modelView(model);
    const expected = model.bid(bid);
    const out = placeBid(state, bid, table);
    log.push(`#${i + 1} ${JSON.stringify(bid)} → model ${JSON.stringify(expected)}, engine ${out.ok ? 'ok' : JSON.stringify(out)}`);
    if (out.ok !== expected.ok) fail('acceptance differs');
    if (!out.ok && !expected.ok) {
      if (out.reason !== expected.reason || out.asking !== expected.asking) fail('refusal differs');
      count(`refused ${out.reason}`);
      return;
    }
    if (!out.ok) return;
    state = out.state;
    const got = view(state);
    const want = modelView(model);
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`state differs: engine ${JSON.stringify(got)} model ${JSON.stringify(want)}`);

    // the effects describe exactly the change
    const fx = out.effects;
    const leaderChanged = want.leader !== before.leader;
    const has = (t: string) => fx.some((e) => e.type === t);
    const priceFx = fx.find((e) => e.type === 'price');
    if (leaderChanged || want.price !== before.price) {
      if (!priceFx || priceFx.price !== want.price || priceFx.leaderId !== want.leader || priceFx.previousLeaderId !== before.leader) fail(`price effect wrong: ${JSON.stringify(fx)}`);
    } else if (priceFx) fail(`price effect without a change: ${JSON.stringify(fx)}`);
    const outbid = fx.filter((e) => e.type === 'outbid');
    const wantOutbid = leaderChanged && before.leader !== null ? [{ type: 'outbid', bidderId: before.leader }] : [];
    if (JSON.stringify(outbid) !== JSON.stringify(wantOutbid)) fail(`outbid effects wrong: ${JSON.stringify(fx)}`);
    if (has('extended') !== (want.endsAt !== before.endsAt)) fail(`extended effect wrong: ${JSON.stringify(fx)}`);
    if (has('reserve_met') !== (want.reserveMet && !before.reserveMet)) fail(`reserve_met effect wrong: ${JSON.stringify(fx)}`);
    if (has('bought_now') !== (bid.kind === 'buy_now')) fail(`bought_now effect wrong: ${JSON.stringify(fx)}`);

    count(bid.kind === 'buy_now' ? 'bought now' : leaderChanged ? 'new leader' : before.leader === bid.bidderId ? 'leader raise' : 'outbid by proxy');
    if (want.endsAt !== before.endsAt) count('extended');
    if (bid.kind === 'max' && state.runnerUp && state.leader && state.runnerUp.max === state.leader.max) count('tie at the top');
    if (want.reserveMet && !before.reserveMet && reservePrice !== null) count('reserve met');
  });

  // closing: before the end (if still open), then at the end, and again
  for (const now of [at, Math.max(at, model.endsAt), model.endsAt + 1]) {
    const got = close(state, now);
    const want = model.close(now);
    const gotFlat = got.closed
      ? got.result.sold
        ? { closed: true, sold: true, winnerId: got.result.winnerId, price: got.result.price }
        : { closed: true, sold: false, reason: got.result.reason }
      : { closed: false };
    if (JSON.stringify(gotFlat) !== JSON.stringify(want)) fail(`close at ${now} differs: engine ${JSON.stringify(gotFlat)} model ${JSON.stringify(want)}`);
    if (got.closed) {
      if (JSON.stringify(got.state.ended) !== JSON.stringify(model.ended)) fail(`ended differs after close: ${JSON.stringify(got.state.ended)} vs ${JSON.stringify(model.ended)}`);
      if (now === model.endsAt + 1) count(got.result.sold ? 'closed: sold' : `closed: ${got.result.reason}`);
      state = got.state;
    }
  }
}

describe('auction engine against the reference model', () => {
  it(`agrees on ${RUNS} random bid sequences`, { timeout: 120_000 }, () => {
    process.stderr.write(`auction property test: SOUK_AUCTION_SEED=${SEED} (${RUNS} runs)\n`);
    const started = Date.now();
    const result = fc.check(
      fc.property(configArb, fc.array(opArb, { minLength: 1, maxLength: 30 }), (cfg, ops) => oneRun(cfg, ops)),
      { seed: SEED, numRuns: RUNS },
    );
    if (result.failed) {
      const reason = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`auction property failed after ${result.numRuns} runs (shrunk ${result.numShrinks} times); reproduce with SOUK_AUCTION_SEED=${SEED}\n${reason.slice(0, 8000)}`);
    }
    process.stderr.write(
      `auction property test: ${result.numRuns} runs in ${Date.now() - started} ms; ` +
        [...tally].sort().map(([k, v]) => `${k} ${v}`).join(', ') +
        '\n',
    );
    expect(result.numRuns).toBe(RUNS);
    // the sequences reach every rule
    for (const k of ['new leader', 'leader raise', 'outbid by proxy', 'extended', 'tie at the top', 'reserve met', 'bought now', 'refused too_low', 'refused ended', 'refused seller', 'refused buy_now_gone', 'refused not_above_own', 'closed: sold', 'closed: no_bids', 'closed: reserve_not_met']) {
      expect([k, (tally.get(k) ?? 0) > 0]).toEqual([k, true]);
    }
  });
});
