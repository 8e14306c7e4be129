/**
 * The random order operations of the order property test, shared by the test
 * itself and the child processes it kills (tests/orders/order-worker.ts).
 * Operations aim at an order placed earlier in the list (by its checkout key);
 * one whose target does not exist yet, or is in the wrong state, is refused or
 * skipped, never half done.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { clock } from '../../src/lib/clock.js';
import { lapseOrder } from '../../src/orders/expiry.js';
import {
  acceptOrder,
  cancelOverdue,
  cancelSellerOrder,
  confirmReceipt,
  holdForDispute,
  markDelivered,
  refundInFull,
  releaseDue,
  settleDispute,
  shipOrder,
  type ActResult,
  type Actor,
} from '../../src/orders/fulfilment.js';
import { ordersWebhookHandlers } from '../../src/orders/payment.js';
import { placeOrder, type PayWith } from '../../src/orders/placement.js';
import { orderByCheckoutKey, sellerOrdersOf, type OrderRow, type SellerOrderRow } from '../../src/orders/queries.js';
import type { GatewayEvent } from '../../src/payments/webhook-types.js';

export const SETTINGS = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };
export const SHIP_TO = { name: 'Ana Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };
const MINUTE = 60_000;
const DAY = 86_400_000;

/** One order part action; `so` picks one of the order's seller orders. */
type PartOp = { of: number; so: number };

export type Op =
  | { t: 'place'; buyer: number; items: { sku: number; qty: number }[]; pay: PayWith }
  | ({ t: 'pay'; twice: boolean } & Pick<PartOp, 'of'>)
  | ({ t: 'expire' } & Pick<PartOp, 'of'>)
  | ({ t: 'cancel'; by: 'buyer' | 'seller' } & PartOp)
  | ({ t: 'accept' | 'ship' | 'deliver' | 'confirm' | 'dispute' | 'autorelease' | 'overdue' } & PartOp)
  /** pct 0: the buyer withdraws the dispute (the seller is paid in full); otherwise the seller refunds pct % */
  | ({ t: 'settle'; pct: number } & PartOp)
  | ({ t: 'refund'; by: 'seller' | 'admin' } & PartOp);

export interface Sku {
  listingId: number;
  variantId: number | null;
  price: number;
  sellerId: number;
  /** units at the start of the run; null for SKUs that are not counted (downloads) */
  stock: number | null;
}

export interface Ctx {
  tag: string; // unique per run: checkout keys and payment ids never collide across runs
  buyers: number[];
  admin: number;
  skus: Sku[];
  ops: Op[];
}

type Step = Op extends infer O ? (O extends { of: number } ? Omit<O, 'of' | 'so'> : never) : never;

/**
 * The courses an order may be meant to take. Its steps are still spread over
 * two processes racing each other (and noise), so many arrive out of turn and
 * are refused; these only make the later states common enough to matter.
 */
const COURSES: ((p: { pct: number; twice: boolean; by: 'buyer' | 'seller'; refundBy: 'seller' | 'admin' }) => Step[])[] = [
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'accept' }, { t: 'ship' }, { t: 'deliver' }, { t: 'confirm' }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'ship' }, { t: 'deliver' }, { t: 'autorelease' }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'ship' }, { t: 'dispute' }, { t: 'settle', pct: p.pct }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'accept' }, { t: 'ship' }, { t: 'deliver' }, { t: 'dispute' }, { t: 'refund', by: p.refundBy }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'accept' }, { t: 'dispute' }, { t: 'settle', pct: 0 }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'deliver' }, { t: 'refund', by: p.refundBy }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'cancel', by: p.by }],
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'overdue' }],
  () => [{ t: 'expire' }],
  () => [{ t: 'cancel', by: 'buyer' }],
  // the card and the deadline racing, and a card payment arriving after the order lapsed
  (p) => [{ t: 'pay', twice: p.twice }, { t: 'expire' }],
  (p) => [{ t: 'expire' }, { t: 'pay', twice: p.twice }],
];

/** Any operation on any recent order: `of` is resolved by `resolve`. */
function randomOp(buyers: number, skus: number): fc.Arbitrary<Op> {
  const part = { of: fc.nat(), so: fc.nat() };
  const simple = (t: 'accept' | 'ship' | 'deliver' | 'confirm' | 'dispute' | 'autorelease' | 'overdue') => fc.record({ t: fc.constant(t), ...part });
  return fc.oneof(
    { weight: 4, arbitrary: placeOp(buyers, skus) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('pay' as const), of: fc.nat(), twice: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('expire' as const), of: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('cancel' as const), by: fc.constantFrom<'buyer' | 'seller'>('buyer', 'seller'), ...part }) },
    { weight: 2, arbitrary: simple('accept') },
    { weight: 2, arbitrary: simple('ship') },
    { weight: 2, arbitrary: simple('deliver') },
    { weight: 2, arbitrary: simple('confirm') },
    { weight: 2, arbitrary: simple('dispute') },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('settle' as const), pct: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 99 })), ...part }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), by: fc.constantFrom<'seller' | 'admin'>('seller', 'admin'), ...part }) },
    { weight: 2, arbitrary: simple('autorelease') },
    { weight: 1, arbitrary: simple('overdue') },
  );
}

function placeOp(buyers: number, skus: number): fc.Arbitrary<Extract<Op, { t: 'place' }>> {
  return fc.record({
    t: fc.constant('place' as const),
    buyer: fc.nat({ max: buyers - 1 }),
    items: fc.array(fc.record({ sku: fc.nat({ max: skus - 1 }), qty: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) }) }), { minLength: 1, maxLength: 3 }),
    pay: fc.constantFrom<PayWith>('wallet', 'card', 'card', 'wallet_then_card', 'wallet_then_card'),
  });
}

/** How many orders are under way at once in the generated list (their steps interleave). */
const WINDOW = 4;

/**
 * About `length` operations on `buyers` buyers and `skus` SKUs: orders placed
 * and taken along a random course, their steps interleaved with each other and
 * with random operations on recent orders. Every `of` names the index of the
 * place operation it aims at.
 */
export function opsArbitrary(buyers: number, skus: number, length: number): fc.Arbitrary<Op[]> {
  const story = fc.record({
    place: placeOp(buyers, skus),
    course: fc.nat({ max: COURSES.length - 1 }),
    so: fc.nat(),
    pct: fc.integer({ min: 1, max: 99 }),
    twice: fc.boolean(),
    by: fc.constantFrom<'buyer' | 'seller'>('buyer', 'seller'),
    refundBy: fc.constantFrom<'seller' | 'admin'>('seller', 'admin'),
    noise: fc.array(randomOp(buyers, skus), { maxLength: 2 }),
  });
  const stories = Math.max(1, Math.round(length / 5.5));
  return fc.tuple(fc.array(story, { minLength: stories, maxLength: stories }), fc.array(fc.nat(), { minLength: length * 2, maxLength: length * 2 })).map(([ss, picks]) => {
    // one queue per order (its place, then its course) and one per noise operation, in story order
    type Item = { op: Op; story: number | null };
    const queues: Item[][] = [];
    ss.forEach((s, n) => {
      queues.push([{ op: s.place, story: n }, ...COURSES[s.course](s).map((step) => ({ op: { ...step, of: 0, so: s.so } as Op, story: n }))]);
      for (const op of s.noise) queues.push([{ op, story: null }]);
    });
    const out: Op[] = [];
    const placeAt = new Map<number, number>();
    let k = 0;
    for (let active = queues.filter((q) => q.length); active.length; active = active.filter((q) => q.length)) {
      const q = active[picks[k++ % picks.length] % Math.min(active.length, WINDOW)];
      const { op, story } = q.shift()!;
      if (story !== null && op.t === 'place') placeAt.set(story, out.length);
      out.push(story !== null && op.t !== 'place' ? { ...op, of: placeAt.get(story)! } : op);
    }
    return resolve(out, new Set(placeAt.values()));
  });
}

/** How many of the latest orders a random operation may aim at. */
const RECENT = 6;

/** Points each random operation's `of` at one of the last few place operations before it (one with none before it becomes a place). */
function resolve(ops: Op[], storyPlaces: Set<number>): Op[] {
  const places: number[] = [];
  return ops.map((op, i) => {
    if (op.t === 'place') {
      places.push(i);
      return op;
    }
    if (storyPlaces.has(op.of) && op.of < i && ops[op.of].t === 'place') return op;
    if (!places.length) return { t: 'place', buyer: 0, items: [{ sku: 0, qty: 1 }], pay: 'wallet' } satisfies Op;
    const window = Math.min(places.length, RECENT);
    return { ...op, of: places[places.length - 1 - (op.of % window)] };
  });
}

export const checkoutKeyOf = (ctx: Pick<Ctx, 'tag'>, i: number) => `${ctx.tag}:${i}`;
export const paymentIdOf = (ctx: Pick<Ctx, 'tag'>, orderId: number) => `pi_${ctx.tag}_${orderId}`;

export type Outcome = 'done' | 'replayed' | 'refused' | 'skipped';
/** What a worker reports for one operation: the outcome, and the order or the seller order (part) it acted on (0: none). */
export interface Report {
  outcome: Outcome;
  order: number;
  part: number;
}

async function orderOf(db: Knex, ctx: Ctx, placeIndex: number): Promise<OrderRow | undefined> {
  const place = ctx.ops[placeIndex] as Extract<Op, { t: 'place' }>;
  return orderByCheckoutKey(db, ctx.buyers[place.buyer], checkoutKeyOf(ctx, placeIndex));
}

async function partOf(db: Knex, ctx: Ctx, op: PartOp): Promise<SellerOrderRow | undefined> {
  const order = await orderOf(db, ctx, op.of);
  if (!order) return undefined;
  const parts = await sellerOrdersOf(db, order.id);
  return parts.length ? parts[op.so % parts.length] : undefined;
}

function acted(r: ActResult, what: string, id: number): Report {
  // our actors are always the order's own parties: "no such order" would be a wrong refusal
  if (!r.ok && r.notFound) throw new Error(`${what} of seller order ${id} answered "not found"`);
  return { outcome: r.ok ? 'done' : 'refused', order: 0, part: id };
}

/**
 * Runs operation `i`. Expected refusals (a wrong state, out of stock, not enough
 * in the wallet, not due) are outcomes; anything else is thrown and fails the run.
 */
export async function runOp(db: Knex, ctx: Ctx, i: number): Promise<Report> {
  const op = ctx.ops[i];
  if (op.t === 'place') {
    const r = await placeOrder(db, {
      buyerId: ctx.buyers[op.buyer],
      checkoutKey: checkoutKeyOf(ctx, i),
      items: op.items.map((it) => {
        const s = ctx.skus[it.sku];
        return { listingId: s.listingId, variantId: s.variantId, quantity: it.qty, seenUnitPrice: s.price };
      }),
      address: SHIP_TO,
      payWith: op.pay,
      settings: SETTINGS,
    });
    if (!r.ok) return { outcome: 'refused', order: 0, part: 0 };
    return { outcome: r.replayed ? 'replayed' : 'done', order: r.order.id, part: 0 };
  }

  if (op.t === 'pay' || op.t === 'expire') {
    const order = await orderOf(db, ctx, op.of);
    if (!order) return { outcome: 'skipped', order: 0, part: 0 };
    if (op.t === 'expire') {
      // this process's clock moves past the reservation; other processes keep their own time
      clock.advance(SETTINGS.reservationMinutes * MINUTE + MINUTE);
      const r = await lapseOrder(db, order.id, { by: 'due' });
      if (!r.ok && r.notFound) throw new Error(`lapsing order ${order.id} answered "not found"`);
      return { outcome: r.ok ? 'done' : 'refused', order: order.id, part: 0 };
    }
    // the buyer never went to the card page of an order that is not waiting for a card
    if (order.card_amount === 0 || (order.status !== 'awaiting_payment' && !order.payment_id)) return { outcome: 'skipped', order: order.id, part: 0 };
    const paymentId = paymentIdOf(ctx, order.id);
    // what startCardPayment records when the hosted page opens
    await db('orders').where({ id: order.id }).whereNull('payment_id').update({ payment_id: paymentId });
    const event: GatewayEvent = {
      id: `evt_${ctx.tag}_${i}`,
      type: 'payment_intent.succeeded',
      created: Math.floor(clock.nowMs() / 1000),
      data: {
        object: {
          id: paymentId,
          object: 'payment_intent',
          status: 'succeeded',
          amount: order.card_amount,
          currency: order.currency.toLowerCase(),
          metadata: { purpose: 'order', orderId: String(order.id), userId: String(order.buyer_id) },
        },
      },
    };
    // the gateway may deliver the same event twice
    for (let n = 0; n < (op.twice ? 2 : 1); n++) await db.transaction((trx) => ordersWebhookHandlers['payment_intent.succeeded'](trx, event));
    return { outcome: 'done', order: order.id, part: 0 };
  }

  const so = await partOf(db, ctx, op);
  if (!so) return { outcome: 'skipped', order: 0, part: 0 };
  const buyer: Actor = { role: 'buyer', userId: so.buyer_id };
  const seller: Actor = { role: 'seller', userId: so.seller_id };
  switch (op.t) {
    case 'cancel': {
      if (op.by === 'buyer') {
        // before payment the buyer cancels the whole order; after, each part
        const r = await lapseOrder(db, so.order_id, { by: 'buyer', buyerId: so.buyer_id });
        if (r.ok) return { outcome: 'done', order: so.order_id, part: 0 };
        if (r.notFound) throw new Error(`the buyer's cancel of order ${so.order_id} answered "not found"`);
      }
      return acted(await cancelSellerOrder(db, so.id, op.by === 'buyer' ? buyer : seller, 'changed plans'), 'cancel', so.id);
    }
    case 'accept':
      return acted(await acceptOrder(db, so.id, seller), op.t, so.id);
    case 'ship':
      return acted(await shipOrder(db, so.id, seller, { carrier: 'CTT', trackingNumber: `RR${so.id}PT` }), op.t, so.id);
    case 'deliver':
      return acted(await markDelivered(db, so.id, { role: 'system' }), op.t, so.id);
    case 'confirm':
      return acted(await confirmReceipt(db, so.id, buyer), op.t, so.id);
    case 'dispute':
      return acted(await holdForDispute(db, so.id, buyer), op.t, so.id);
    case 'settle': {
      if (op.pct === 0) return acted(await settleDispute(db, so.id, buyer, 0, 'The buyer withdrew the dispute.'), op.t, so.id);
      const refund = Math.floor((so.total * op.pct) / 100);
      return acted(await settleDispute(db, so.id, seller, refund, 'The seller refunded part of the price.'), op.t, so.id);
    }
    case 'refund':
      return acted(await refundInFull(db, so.id, op.by === 'seller' ? seller : { role: 'admin', userId: ctx.admin }, 'Refunded in full.'), op.t, so.id);
    case 'autorelease':
      // the escrow period (and the shipping deadline) ran out on this process's clock
      clock.advance((SETTINGS.escrowDays + 1) * DAY);
      return acted(await releaseDue(db, so.id), op.t, so.id);
    case 'overdue':
      clock.advance((SETTINGS.shipDays + 1) * DAY);
      return acted(await cancelOverdue(db, so.id), op.t, so.id);
  }
}
