/**
 * Random order life cycles — multi-seller carts paid from the wallet, by card
 * (the webhook sometimes delivered twice) or both, lapsed, cancelled by either
 * party, shipped, delivered, confirmed, disputed, settled with a partial refund,
 * refunded in full, released when escrow runs out — run by two worker processes
 * on one database, each killed with SIGKILL mid-flight and then replaced (or
 * not). Afterwards the ledger, the stock of every SKU and the money of every
 * order must add up.
 *
 * A failing run prints its seed; `SOUK_ORDERS_SEED=<seed> npx vitest run
 * tests/orders/order.property.test.ts` generates the same operations, split and
 * kill points again (the interleaving itself is up to the machine).
 * SOUK_ORDERS_RUNS and SOUK_ORDERS_OPS change the size, SOUK_ORDERS_LANES the
 * operations each worker runs at once.
 */
import type { ChildProcess } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transfer, verifyLedger } from '../../src/ledger/ledger.js';
import { commissionAfterRefund } from '../../src/orders/escrow.js';
import { shippingFor } from '../../src/sellers/shipping.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { prng, runWorker, type WorkerSpec } from '../property.js';
import { checkoutKeyOf, opsArbitrary, paymentIdOf, type Ctx, type Op, type Outcome, type Report, type Sku } from './order-ops.js';

const SEED = process.env.SOUK_ORDERS_SEED ? Number(process.env.SOUK_ORDERS_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SOUK_ORDERS_RUNS ?? 3);
const OPS = Number(process.env.SOUK_ORDERS_OPS ?? 130);
const BUYERS = 4;
const LANES = Number(process.env.SOUK_ORDERS_LANES ?? 2);
/** two listings per shop, two variants of one listing, one download (see setUp) */
const SKUS = 3 * 2 + 2 + 1;
/** each buyer's wallet at the start: enough for a small order, for some, for most */
const FUNDING = [3_000, 8_000, 20_000, 60_000];
/** per seller: flat shipping and the free-shipping threshold */
const SHIPPING = [
  { flat: 490, freeOver: 5_000 },
  { flat: 0, freeOver: null },
  { flat: 350, freeOver: null },
];

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  await t?.drop();
});

interface World extends Ctx {
  sellers: number[];
  listingIds: number[];
  revenueBefore: number;
}

/** Three shops (one with its own commission rule), fixed-price listings with small stock, one with two variants, one download; four buyers. */
async function setUp(tag: string): Promise<World> {
  const db = t.db;
  const category = await createCategoryRow(db);
  const farOff = new Date(Date.now() + 3650 * 86_400_000); // clocks move forward by weeks in a run
  const sellers: number[] = [];
  const skus: Sku[] = [];
  const listingIds: number[] = [];
  for (const [n, ship] of SHIPPING.entries()) {
    const s = await createSeller(db);
    sellers.push(s.id);
    await db('sellers').where({ user_id: s.id }).update({ shipping_flat: ship.flat, shipping_free_over: ship.freeOver });
    for (const [k, price] of [900 + n * 350, 2_450 + n * 100].entries()) {
      // one SKU sells out early (and comes back when an order is cancelled), the others last longer
      const stock = n === 0 && k === 0 ? 2 : 6 + ((n + k) % 3) * 5;
      const l = await createListing(db, { seller_id: s.id, category_id: category.id, price, stock, expires_at: farOff });
      listingIds.push(l.id);
      skus.push({ listingId: l.id, variantId: null, price, sellerId: s.id, stock });
    }
  }
  await db('commission_rules').insert({ scope: 'seller', seller_id: sellers[2], rate_bp: 1_550, min_amount: 120, note: 'property test' });
  const v = await createListing(db, { seller_id: sellers[0], category_id: category.id, price: 1_500, stock: null, variant_axes: ['size'], expires_at: farOff });
  listingIds.push(v.id);
  for (const [i, size] of ['S', 'M'].entries()) {
    const [row] = await db('listing_variants').insert({ listing_id: v.id, options: JSON.stringify({ size }), sku: `P${v.id}-${size}`, price: 1_500 + i * 75, stock: 5 + i * 3, reserved: 0, position: i }).returning('id');
    skus.push({ listingId: v.id, variantId: Number(row.id), price: 1_500 + i * 75, sellerId: sellers[0], stock: 5 + i * 3 });
  }
  const d = await createListing(db, { seller_id: sellers[1], category_id: category.id, kind: 'digital', price: 1_200, expires_at: farOff });
  listingIds.push(d.id);
  skus.push({ listingId: d.id, variantId: null, price: 1_200, sellerId: sellers[1], stock: null });
  if (skus.length !== SKUS) throw new Error(`set up ${skus.length} SKUs, the operations expect ${SKUS}`);

  const buyers: number[] = [];
  for (let b = 0; b < BUYERS; b++) {
    const u = await createUser(db);
    buyers.push(u.id);
    if (FUNDING[b] > 0) {
      await db.transaction((trx) =>
        transfer(trx, {
          idempotencyKey: `${tag}:fund:${u.id}`,
          kind: 'topup',
          legs: [
            { account: { platform: 'gateway_clearing' }, amount: -FUNDING[b] },
            { account: { userId: u.id, type: 'available' }, amount: FUNDING[b] },
          ],
        }),
      );
    }
  }
  const admin = await createAdmin(db);
  return { tag, buyers, admin: admin.id, skus, ops: [], sellers, listingIds, revenueBefore: await revenue() };
}

async function revenue(): Promise<number> {
  const row = await t.db('ledger_accounts').whereNull('user_id').where({ type: 'revenue' }).first('balance');
  return Number(row?.balance ?? 0);
}

/** worker processes still running */
const live = new Set<ChildProcess>();

/** Runs a worker process on `indices`, killed as `kill` says (null: let it finish). */
function runChild(ctx: Ctx, indices: number[], name: string, kill: WorkerSpec<Report>['kill']) {
  return runWorker<Report>({
    script: 'tests/orders/order-worker.ts',
    databaseUrl: t.databaseUrl,
    seed: SEED,
    plan: { tag: ctx.tag, buyers: ctx.buyers, admin: ctx.admin, skus: ctx.skus, ops: ctx.ops, indices, lanes: LANES },
    name,
    kill,
    live,
    parse: (line) => {
      const m = /^op (\d+) (\w+) (\d+) (\d+)$/.exec(line);
      return m ? [Number(m[1]), { outcome: m[2] as Outcome, order: Number(m[3]), part: Number(m[4]) }] : null;
    },
  });
}

// rows as pg returns them (bigint columns already numbers, see src/db.ts)
type Row = Record<string, any>;
const skuKey = (listingId: number, variantId: number | null) => `${listingId}:${variantId ?? 0}`;
const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
const ACTIVE = ['paid', 'accepted', 'shipped', 'delivered', 'disputed'];
/** the timeline entry a seller order action leaves behind */
const EVENT_OF: Partial<Record<Op['t'], string>> = {
  accept: 'accepted',
  ship: 'shipped',
  deliver: 'delivered',
  confirm: 'completed',
  autorelease: 'completed',
  cancel: 'cancelled',
  overdue: 'cancelled',
  dispute: 'disputed',
  settle: 'settled',
  refund: 'refunded',
};

/** Everything that must hold after a run, whatever ran, was refused or was killed. */
async function checkInvariants(w: World, reported: Map<number, Report>[]): Promise<void> {
  const db = t.db;
  const problems: string[] = [];
  const fail = (s: string) => problems.push(s);

  const ledger = await verifyLedger(db);
  for (const p of ledger) fail(`verifyLedger: ${p}`);

  const orders: Row[] = await db('orders').whereIn('buyer_id', w.buyers).where('checkout_key', 'like', `${w.tag}:%`).orderBy('id');
  const orderIds = orders.map((o) => o.id);
  const parts: Row[] = await db('seller_orders').whereIn('order_id', orderIds).orderBy('id');
  const lines: Row[] = await db('order_lines').whereIn('order_id', orderIds).orderBy('id');
  const events: Row[] = await db('order_events').whereIn('order_id', orderIds).select('order_id', 'seller_order_id', 'type');
  const users = [...w.buyers, ...w.sellers];
  const holds = new Map<number, Row>((await db('holds').whereIn('user_id', users)).map((h: Row) => [h.id, h]));
  const transferIds = await db('ledger_entries as e').join('ledger_accounts as a', 'a.id', 'e.account_id').whereIn('a.user_id', users).distinct('e.transfer_id').pluck('e.transfer_id');
  const transfers: Row[] = await db('ledger_transfers').whereIn('id', transferIds).select('id', 'idempotency_key', 'reference_type', 'reference_id');
  const entries: Row[] = await db('ledger_entries as e').join('ledger_accounts as a', 'a.id', 'e.account_id').whereIn('e.transfer_id', transferIds).select('e.transfer_id', 'a.user_id', 'a.type', 'e.amount');
  const legsOf = new Map<number, string[]>();
  for (const e of entries) legsOf.set(e.transfer_id, [...(legsOf.get(e.transfer_id) ?? []), `${e.user_id ?? 'platform'}:${e.type}:${e.amount}`]);
  const byKey = new Map<string, Row>(transfers.map((x) => [x.idempotency_key, x]));
  const amountTo = (tr: Row | undefined, owner: number | null, type: string) =>
    tr ? entries.filter((e) => e.transfer_id === tr.id && (e.user_id ?? null) === owner && e.type === type).reduce((s, e) => s + Number(e.amount), 0) : 0;

  const orderById = new Map<number, Row>(orders.map((o) => [o.id, o]));
  const partsOf = (orderId: number) => parts.filter((p) => p.order_id === orderId);
  const linesOf = (pred: (l: Row) => boolean) => lines.filter(pred);
  const countedSkus = new Set(w.skus.filter((s) => s.stock !== null).map((s) => skuKey(s.listingId, s.variantId)));

  // every transfer that touches this run's people is one the order rules intend, with the legs they intend
  const expectedLegs = (key: string): string[] | null => {
    let m: RegExpExecArray | null;
    const pair = (from: string, to: string, n: number) => [`${from}:${-n}`, `${to}:${n}`];
    if ((m = /^order-wallet:(\d+)$/.exec(key))) {
      const o = orderById.get(Number(m[1]));
      return o ? pair(`${o.buyer_id}:available`, `${o.buyer_id}:held`, o.wallet_amount) : null;
    }
    if ((m = /^order-wallet-release:(\d+)$/.exec(key))) {
      const o = orderById.get(Number(m[1]));
      return o ? pair(`${o.buyer_id}:held`, `${o.buyer_id}:available`, o.wallet_amount) : null;
    }
    if ((m = /^order-card:pi_(.+)_(\d+)$/.exec(key)) && m[1] === w.tag) {
      const o = orderById.get(Number(m[2]));
      return o ? pair('platform:gateway_clearing', `${o.buyer_id}:available`, o.card_amount) : null;
    }
    if ((m = /^escrow(-release|-capture)?:(\d+)$/.exec(key))) {
      const so = parts.find((p) => p.id === Number(m![2]));
      if (!so) return null;
      if (!m[1]) return pair(`${so.buyer_id}:available`, `${so.buyer_id}:held`, so.total);
      if (m[1] === '-release') return pair(`${so.buyer_id}:held`, `${so.buyer_id}:available`, so.total);
      const keep = so.total - so.refunded_amount;
      const fee = Math.min(commissionAfterRefund(so.commission, so.total, so.refunded_amount), keep);
      const legs = [`${so.buyer_id}:held:${-so.total}`];
      if (keep - fee > 0) legs.push(`${so.seller_id}:available:${keep - fee}`);
      if (fee > 0) legs.push(`platform:revenue:${fee}`);
      if (so.refunded_amount > 0) legs.push(`${so.buyer_id}:available:${so.refunded_amount}`);
      return legs;
    }
    if (key.startsWith(`${w.tag}:fund:`)) return legsOf.get(byKey.get(key)!.id) ?? [];
    return null;
  };
  for (const tr of transfers) {
    const want = expectedLegs(tr.idempotency_key);
    const got = legsOf.get(tr.id) ?? [];
    if (!want) fail(`transfer ${tr.id} (${tr.idempotency_key}) moves this run's money but belongs to no order of it: ${JSON.stringify(got)}`);
    else if (JSON.stringify([...want].sort()) !== JSON.stringify([...got].sort())) fail(`transfer ${tr.idempotency_key} moved ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }

  // each hold resolves at most once, and what is held is exactly the open holds
  const resolutions = new Map<number, Row[]>();
  for (const tr of transfers) if (tr.reference_type === 'hold') resolutions.set(Number(tr.reference_id), [...(resolutions.get(Number(tr.reference_id)) ?? []), tr]);
  for (const h of holds.values()) {
    const rs = resolutions.get(h.id) ?? [];
    if (rs.length > 1) fail(`hold ${h.id} was resolved ${rs.length} times: ${rs.map((r) => r.idempotency_key).join(', ')}`);
    if ((h.status === 'open') !== (rs.length === 0)) fail(`hold ${h.id} is ${h.status} with ${rs.length} resolutions`);
    if (rs.length === 1 && h.resolved_transfer_id !== rs[0].id) fail(`hold ${h.id} names transfer ${h.resolved_transfer_id} as its resolution, but ${rs[0].id} resolved it`);
  }
  const accounts: Row[] = await db('ledger_accounts').whereIn('user_id', users).select('user_id', 'type', 'balance');
  const balanceOf = (u: number, type: string) => Number(accounts.find((a) => a.user_id === u && a.type === type)?.balance ?? 0);
  for (const u of users) {
    const open = [...holds.values()].filter((h) => h.user_id === u && h.status === 'open').reduce((s, h) => s + h.amount, 0);
    if (balanceOf(u, 'held') !== open) fail(`user ${u} has ${balanceOf(u, 'held')} held but ${open} in open holds`);
  }

  const holdOf = (id: number | null) => (id === null ? undefined : holds.get(id));
  const resolutionOf = (h: Row | undefined) => (h?.resolved_transfer_id ? transfers.find((x) => x.id === h.resolved_transfer_id) : undefined);
  let commissions = 0;
  const sellerReceived = new Map<number, number>();

  for (const o of orders) {
    const os = partsOf(o.id);
    const ol = linesOf((l) => l.order_id === o.id);
    // the order's money equals its lines
    const items = ol.reduce((s, l) => s + l.line_total, 0);
    if (o.items_total !== items) fail(`order ${o.id}: items_total ${o.items_total}, lines sum to ${items}`);
    if (o.total !== o.items_total + o.shipping_total || o.discount_total !== 0) fail(`order ${o.id}: total ${o.total} is not items ${o.items_total} + shipping ${o.shipping_total}`);
    if (o.shipping_total !== os.reduce((s, p) => s + p.shipping, 0)) fail(`order ${o.id}: shipping ${o.shipping_total} differs from its parts`);
    if (o.total !== os.reduce((s, p) => s + p.total, 0)) fail(`order ${o.id}: total ${o.total} differs from its parts`);
    if (o.wallet_amount + o.card_amount !== o.total) fail(`order ${o.id}: wallet ${o.wallet_amount} + card ${o.card_amount} is not ${o.total}`);
    for (const l of ol) {
      const sku = w.skus.find((s) => s.listingId === l.listing_id && s.variantId === l.variant_id);
      if (!sku || l.unit_price !== sku.price || l.line_total !== l.unit_price * l.quantity) fail(`order line ${l.id}: ${l.quantity} × ${l.unit_price} = ${l.line_total} at a price of ${sku?.price}`);
    }
    for (const p of os) {
      const pl = linesOf((l) => l.seller_order_id === p.id);
      const pItems = pl.reduce((s, l) => s + l.line_total, 0);
      const idx = w.sellers.indexOf(p.seller_id);
      if (p.items_total !== pItems) fail(`seller order ${p.id}: items_total ${p.items_total}, lines sum to ${pItems}`);
      if (p.total !== p.items_total + p.shipping) fail(`seller order ${p.id}: total ${p.total} is not items + shipping`);
      if (p.shipping !== shippingFor(SHIPPING[idx], p.items_total, p.needs_shipping)) fail(`seller order ${p.id}: shipping ${p.shipping} for ${p.items_total}`);
      if (p.commission !== pl.reduce((s, l) => s + l.commission_amount, 0)) fail(`seller order ${p.id}: commission ${p.commission} differs from its lines`);
      if (pl.some((l) => l.seller_id !== p.seller_id)) fail(`seller order ${p.id} has another seller's line`);
    }
    const walletHold = holdOf(o.wallet_hold_id);
    const card = byKey.get(`order-card:${paymentIdOf(w, o.id)}`);
    if ((o.wallet_amount > 0 && o.card_amount > 0) !== Boolean(walletHold)) fail(`order ${o.id}: wallet ${o.wallet_amount}, card ${o.card_amount}, wallet hold ${o.wallet_hold_id}`);
    if (walletHold && walletHold.amount !== o.wallet_amount) fail(`order ${o.id}: its wallet hold is ${walletHold.amount}, not ${o.wallet_amount}`);

    if (o.status === 'awaiting_payment') {
      // still waiting: its stock still reserved, its wallet part still set aside, nothing charged by card
      if (os.some((p) => p.status !== 'awaiting_payment' || p.hold_id)) fail(`order ${o.id} awaits payment but its parts are ${os.map((p) => p.status)}`);
      if (!o.reserved_until) fail(`order ${o.id} awaits payment with no reservation deadline`);
      if (o.card_amount === 0) fail(`order ${o.id} awaits payment but owes nothing by card`);
      if (walletHold && walletHold.status !== 'open') fail(`order ${o.id} awaits payment but its wallet hold is ${walletHold.status}`);
      if (card) fail(`order ${o.id} awaits payment but its card payment arrived`);
    } else if (o.status === 'paid') {
      if (!o.paid_at || os.some((p) => !p.paid_at || p.status === 'awaiting_payment')) fail(`order ${o.id} is paid but its parts are ${os.map((p) => p.status)}`);
      if (walletHold && walletHold.status !== 'released') fail(`paid order ${o.id}: wallet hold is ${walletHold.status}`);
      if (o.card_amount > 0 && !card) fail(`order ${o.id} is paid with ${o.card_amount} by card, but no card payment arrived`);
      const escrowed = os.reduce((s, p) => s + (holdOf(p.hold_id)?.amount ?? 0), 0);
      if (escrowed !== o.total) fail(`paid order ${o.id}: ${escrowed} went into escrow, not ${o.total}`);
    } else if (o.status === 'cancelled') {
      // a lapsed order holds neither stock nor money
      if (os.some((p) => p.status !== 'cancelled' || p.paid_at || p.hold_id)) fail(`cancelled order ${o.id} has parts ${os.map((p) => `${p.status}/${p.hold_id}`)}`);
      if (walletHold && walletHold.status !== 'released') fail(`cancelled order ${o.id}: wallet hold is ${walletHold.status}`);
      if (card && !events.some((e) => e.order_id === o.id && e.type === 'late_payment')) fail(`order ${o.id}: a card payment arrived after it lapsed, with no word to the buyer`);
    } else fail(`order ${o.id} is ${o.status}`);

    // money conserved per paid seller order: paid = escrow + seller + commission + back to the buyer
    for (const p of os) {
      const h = holdOf(p.hold_id);
      if (!p.paid_at) {
        if (h) fail(`unpaid seller order ${p.id} has hold ${h.id}`);
        continue;
      }
      if (!h) {
        fail(`paid seller order ${p.id} has no escrow hold`);
        continue;
      }
      const paid = h.amount;
      if (paid !== p.total || h.user_id !== p.buyer_id) fail(`seller order ${p.id}: escrow ${paid} of user ${h.user_id}, total ${p.total} of ${p.buyer_id}`);
      const res = resolutionOf(h);
      const escrow = h.status === 'open' ? h.amount : 0;
      const seller = amountTo(res, p.seller_id, 'available');
      const fee = amountTo(res, null, 'revenue');
      const back = amountTo(res, p.buyer_id, 'available');
      if (paid !== escrow + seller + fee + back) fail(`seller order ${p.id}: paid ${paid} ≠ escrow ${escrow} + seller ${seller} + commission ${fee} + back ${back}`);
      commissions += fee;
      sellerReceived.set(p.seller_id, (sellerReceived.get(p.seller_id) ?? 0) + seller);
      const st = p.status as string;
      if (ACTIVE.includes(st)) {
        if (h.status !== 'open') fail(`seller order ${p.id} is ${st} but its escrow is ${h.status}`);
      } else if (st === 'completed') {
        const keep = p.total - p.refunded_amount;
        const wantFee = Math.min(commissionAfterRefund(p.commission, p.total, p.refunded_amount), keep);
        if (h.status !== 'captured' || back !== p.refunded_amount || fee !== wantFee || seller !== keep - wantFee) fail(`completed seller order ${p.id}: escrow ${h.status}, seller ${seller}, commission ${fee} (want ${wantFee}), back ${back} (refunded ${p.refunded_amount})`);
      } else if (st === 'refunded' || st === 'cancelled') {
        if (h.status !== 'released' || back !== p.total) fail(`${st} seller order ${p.id}: escrow ${h.status}, ${back} of ${p.total} back to the buyer`);
        if (st === 'refunded' && p.refunded_amount !== p.total) fail(`refunded seller order ${p.id} records ${p.refunded_amount} refunded of ${p.total}`);
      } else fail(`paid seller order ${p.id} is ${st}`);
    }
  }

  // per user: nothing appears or vanishes beyond what the orders explain
  const revenueNow = await revenue();
  if (revenueNow - w.revenueBefore !== commissions) fail(`revenue grew by ${revenueNow - w.revenueBefore}, the commissions sum to ${commissions}`);
  for (const s of w.sellers) if (balanceOf(s, 'available') !== (sellerReceived.get(s) ?? 0)) fail(`seller ${s} has ${balanceOf(s, 'available')} but received ${sellerReceived.get(s) ?? 0}`);
  for (const [b, u] of w.buyers.entries()) {
    const mine = [...holds.values()].filter((h) => h.user_id === u);
    const cards = orders.filter((o) => o.buyer_id === u).reduce((s, o) => s + amountTo(byKey.get(`order-card:${paymentIdOf(w, o.id)}`), u, 'available'), 0);
    const back = mine.reduce((s, h) => s + (h.status === 'released' ? h.amount : h.status === 'captured' ? h.amount - h.captured_amount : 0), 0);
    const want = FUNDING[b] + cards - mine.reduce((s, h) => s + h.amount, 0) + back;
    if (balanceOf(u, 'available') !== want) fail(`buyer ${u} has ${balanceOf(u, 'available')} available, expected ${want}`);
  }

  // stock per SKU: on hand = initial − sold + restocked, reserved = what unpaid orders hold
  // (and per order: each moved exactly the stock its state says, so no unpaid order lost its reservation
  // and no cancelled one still holds units)
  const moves = new Map<string, number>();
  const orderMoves = new Map<string, number>();
  for (const m of await db('stock_movements').whereIn('listing_id', w.listingIds).select('listing_id', 'variant_id', 'kind', 'quantity', 'order_id')) {
    add(moves, `${skuKey(m.listing_id, m.variant_id)}:${m.kind}`, m.quantity);
    add(orderMoves, `${m.order_id}:${skuKey(m.listing_id, m.variant_id)}:${m.kind}`, m.quantity);
    if (m.order_id !== null && !orderById.has(Number(m.order_id))) fail(`stock movement for order ${m.order_id}, not one of this run`);
  }
  const want = new Map<string, number>();
  const orderWant = new Map<string, number>();
  for (const l of lines) {
    const k = skuKey(l.listing_id, l.variant_id);
    if (!countedSkus.has(k)) continue;
    const o = orderById.get(l.order_id)!;
    const p = parts.find((x) => x.id === l.seller_order_id)!;
    const both = (kind: string) => {
      add(want, `${k}:${kind}`, l.quantity);
      add(orderWant, `${o.id}:${k}:${kind}`, l.quantity);
    };
    both('reserved');
    if (o.status === 'awaiting_payment') add(want, `${k}:held`, l.quantity);
    if (o.status === 'cancelled') both('released');
    if (o.status === 'paid') both('sold');
    if (p.status === 'cancelled' && p.paid_at) both('restocked');
  }
  for (const k of new Set([...orderMoves.keys(), ...orderWant.keys()])) {
    if ((orderMoves.get(k) ?? 0) !== (orderWant.get(k) ?? 0)) {
      const [orderId, listingId, variantId, kind] = k.split(':');
      fail(`order ${orderId} (${orderById.get(Number(orderId))?.status}; parts ${partsOf(Number(orderId)).map((p) => p.status)}) has ${orderMoves.get(k) ?? 0} ${kind} of SKU ${listingId}:${variantId}, its lines say ${orderWant.get(k) ?? 0}`);
    }
  }
  const listings = await db('listings').whereIn('id', w.listingIds).select('id', 'stock', 'reserved', 'status');
  const variants = await db('listing_variants').whereIn('listing_id', w.listingIds).select('id', 'listing_id', 'stock', 'reserved');
  for (const s of w.skus) {
    const k = skuKey(s.listingId, s.variantId);
    if (s.stock === null) {
      if ([...moves.keys()].some((m) => m.startsWith(`${k}:`))) fail(`SKU ${k} is not counted but has stock movements`);
      continue;
    }
    const g = (kind: string) => moves.get(`${k}:${kind}`) ?? 0;
    const x = (kind: string) => want.get(`${k}:${kind}`) ?? 0;
    for (const kind of ['reserved', 'released', 'sold', 'restocked']) if (g(kind) !== x(kind)) fail(`SKU ${k}: ${g(kind)} ${kind} in its movements, the orders explain ${x(kind)}`);
    if (g('returned') || g('adjusted')) fail(`SKU ${k} has returned/adjusted movements`);
    const row = s.variantId === null ? listings.find((l) => l.id === s.listingId) : variants.find((v) => v.id === s.variantId);
    const stock = s.stock - g('sold') + g('restocked') + g('returned');
    const reserved = g('reserved') - g('released') - g('sold');
    if (row.stock !== stock) fail(`SKU ${k}: stock ${row.stock}, expected ${s.stock} − ${g('sold')} sold + ${g('restocked')} restocked = ${stock}`);
    if (row.reserved !== reserved || reserved !== x('held')) fail(`SKU ${k}: reserved ${row.reserved}, movements say ${reserved}, unpaid orders hold ${x('held')}`);
    if (row.stock < 0 || row.reserved < 0 || row.reserved > row.stock) fail(`SKU ${k}: stock ${row.stock}, reserved ${row.reserved}`);
  }
  for (const l of listings) {
    const s = w.skus.filter((x) => x.listingId === l.id);
    if (s[0].stock === null) continue;
    const onHand = s[0].variantId === null ? l.stock : variants.filter((v) => v.listing_id === l.id).reduce((n, v) => n + v.stock, 0);
    if ((onHand === 0) !== (l.status === 'sold_out') || !['active', 'sold_out'].includes(l.status)) fail(`listing ${l.id} is ${l.status} with ${onHand} on hand`);
  }

  // what a worker saw done is there
  for (const r of reported) {
    for (const [i, rep] of r) {
      const op = w.ops[i];
      if (rep.outcome !== 'done' && rep.outcome !== 'replayed') continue;
      if (op.t === 'place') {
        const o = orderById.get(rep.order);
        if (!o || o.checkout_key !== checkoutKeyOf(w, i)) fail(`op ${i} placed order ${rep.order}, which is not there`);
        else {
          // the lines are the cart (per SKU; a download is bought once)
          const cart = new Map<string, number>();
          for (const it of op.items) {
            const s = w.skus[it.sku];
            add(cart, skuKey(s.listingId, s.variantId), s.stock === null ? 1 : it.qty);
          }
          const got = new Map<string, number>();
          for (const l of linesOf((x) => x.order_id === o.id)) add(got, skuKey(l.listing_id, l.variant_id), l.quantity);
          if (JSON.stringify([...cart].sort()) !== JSON.stringify([...got].sort())) fail(`order ${o.id} has lines ${JSON.stringify([...got])} for the cart ${JSON.stringify([...cart])}`);
        }
      } else if (op.t === 'pay') {
        if (!byKey.has(`order-card:${paymentIdOf(w, rep.order)}`)) fail(`op ${i} paid order ${rep.order} by card, but the money is not there`);
      } else if (op.t === 'expire' || (op.t === 'cancel' && rep.part === 0)) {
        if (orderById.get(rep.order)?.status !== 'cancelled') fail(`op ${i} (${op.t}) ended order ${rep.order}, which is ${orderById.get(rep.order)?.status}`);
      } else {
        const type = EVENT_OF[op.t];
        if (type && !events.some((e) => e.seller_order_id === rep.part && e.type === type)) fail(`op ${i} (${op.t}) on seller order ${rep.part} left no "${type}" on the timeline`);
      }
    }
  }

  if (problems.length) throw new Error(`${problems.length} problems:\n${problems.slice(0, 30).join('\n')}`);
}

/**
 * Waits until no statement of a killed worker is still running: a COMMIT sent
 * just before SIGKILL may land a moment later, and the checks read in several
 * statements.
 */
async function quiet(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await t.db.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'`);
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('statements of killed workers were still running 5 s later');
}

let runNo = 0;
async function oneRun(ops: Op[], splitSeed: number): Promise<void> {
  const rand = prng(splitSeed);
  const tag = `o${SEED}-${++runNo}`;
  const w = await setUp(tag);
  w.ops = ops;

  // the operations are split between two workers, mostly an order's steps to the worker that placed it
  // (some go to the other, to race it); each worker is killed once, then replaced or not
  const shares: number[][] = [[], []];
  const home = new Map<number, number>();
  w.ops.forEach((op, i) => {
    if (op.t === 'place') home.set(i, rand() < 0.5 ? 0 : 1);
    const n = op.t === 'place' ? home.get(i)! : rand() < 0.75 ? home.get(op.of)! : rand() < 0.5 ? 0 : 1;
    shares[n].push(i);
  });
  const started = Date.now();
  // a worker that fails ends the run: the other is killed rather than left running against the database
  let failure: unknown = null;
  const pipelines = shares.map(async (share, n) => {
    const kill = { afterOps: Math.floor((0.15 + rand() * 0.75) * share.length), delayMs: Math.floor(rand() * 25) };
    const replace = rand() < 0.8;
    const first = await runChild(w, share, `run${runNo}-${n}a`, kill);
    const rest = share.filter((i) => !first.reported.has(i));
    const second = replace && rest.length && !failure ? await runChild(w, rest, `run${runNo}-${n}b`, null) : null;
    return { first, second, rest };
  });
  for (const p of pipelines)
    p.catch((err) => {
      failure ??= err;
      for (const c of live) c.kill('SIGKILL');
    });
  const settled = await Promise.allSettled(pipelines);
  if (failure) throw failure;
  const runs = settled.map((r) => (r as PromiseFulfilledResult<Awaited<(typeof pipelines)[number]>>).value);
  const reported = runs.flatMap((r) => (r.second ? [r.first.reported, r.second.reported] : [r.first.reported]));
  await quiet();
  await checkInvariants(w, reported);

  // what happened, per operation: done (or replayed) / refused / skipped (no such order yet, nothing to pay by card)
  const tally = new Map<string, [number, number, number]>();
  for (const r of reported)
    for (const [i, rep] of r) {
      const row = tally.get(w.ops[i].t) ?? [0, 0, 0];
      row[rep.outcome === 'refused' ? 1 : rep.outcome === 'skipped' ? 2 : 0]++;
      tally.set(w.ops[i].t, row);
    }
  const statuses: Row[] = await t.db('seller_orders as s').join('orders as o', 'o.id', 's.order_id').where('o.checkout_key', 'like', `${tag}:%`).select('s.status').count({ n: '*' }).groupBy('s.status');
  const worker = (r: (typeof runs)[number], n: number) =>
    `worker ${n} ${r.first.killed ? `killed after ${r.first.reported.size}` : 'finished'}/${shares[n].length}${r.second ? `, replaced for ${r.rest.length}` : r.rest.length ? `, ${r.rest.length} never ran` : ''}`;
  process.stderr.write(
    `run ${runNo}: ${ops.length} ops; ${runs.map(worker).join('; ')}; ${Date.now() - started} ms\n` +
      `  seller orders: ${statuses.map((x) => `${x.status} ${x.n}`).join(', ')}\n` +
      `  done/refused/skipped: ${[...tally].map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}\n`,
  );
  for (const r of runs) if (r.second) for (const i of r.rest) if (!r.second.reported.has(i)) throw new Error(`the replacement worker did not finish op ${i}`);
}

describe('orders under random concurrent operations and crashes', () => {
  it('keep the ledger, the stock and every order whole', { timeout: 300_000 }, async () => {
    process.stderr.write(`order property test: SOUK_ORDERS_SEED=${SEED} (${RUNS} runs of ${OPS} operations)\n`);
    const result = await fc.check(
      fc.asyncProperty(opsArbitrary(BUYERS, SKUS, OPS), fc.integer(), async (ops, splitSeed) => {
        await oneRun(ops, splitSeed);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (result.failed) {
      const reason = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`order property failed on run ${result.numRuns}; reproduce with SOUK_ORDERS_SEED=${SEED}\n${reason.slice(0, 6000)}`);
    }
    expect(result.numRuns).toBe(RUNS);
  });
});
