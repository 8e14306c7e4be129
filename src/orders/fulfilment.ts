import type { Knex } from 'knex';
import { revokeEntitlements } from '../downloads/downloads.js';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { putBack } from '../listings/availability.js';
import { emit } from '../outbox/outbox.js';
import { captureEscrow, returnEscrow } from './escrow.js';
import { addEvent, findOrder, linesOfSellerOrder, lockSellerOrder, moveSellerOrder, type SellerOrderRow } from './queries.js';
import { actionFits, canMove, orderRefusal, orderTransitions, type OrderAction } from './states.js';

const day = 86_400_000;

export type Actor = { role: 'buyer' | 'seller' | 'admin'; userId: number } | { role: 'system' };
export type ActResult = { ok: true; sellerOrder: SellerOrderRow } | { ok: false; message: string; notFound?: boolean };

/** Who may do what to a seller order. Admins act through disputes and the admin pages. */
export function mayAct(actor: Actor, so: Pick<SellerOrderRow, 'seller_id' | 'buyer_id'>, action: OrderAction): boolean {
  if (actor.role === 'system' || actor.role === 'admin') return true;
  // a party settles only through a dispute, whose rules fix the amount (a seller's partial refund, a buyer's withdrawal)
  if (actor.role === 'seller') return actor.userId === so.seller_id && ['accept', 'ship', 'deliver', 'cancel', 'refund', 'settle'].includes(action);
  return actor.userId === so.buyer_id && ['complete', 'cancel', 'dispute', 'settle'].includes(action);
}

interface Step {
  action: OrderAction;
  patch: (so: SellerOrderRow, at: Date) => Partial<SellerOrderRow>;
  /** extra checks beyond the state table, with the refusal in words */
  check?: (so: SellerOrderRow) => string | null;
  /** money, stock and documents that move with the transition */
  effects?: (trx: Knex.Transaction, before: SellerOrderRow, after: SellerOrderRow) => Promise<void>;
  event: (so: SellerOrderRow) => { type: string; message: string };
}

/**
 * Runs one transition of a seller order: lock, authorize, check the state table,
 * conditional UPDATE, then the money and stock that go with it, a timeline entry
 * and an event for both parties — all in one transaction.
 */
async function run(db: Knex | Knex.Transaction, sellerOrderId: number, actor: Actor, step: Step): Promise<ActResult> {
  return db.transaction(async (trx) => {
    const so = await lockSellerOrder(trx, sellerOrderId);
    // someone else's order answers like a missing one
    if (!so || !mayAct(actor, so, step.action)) return { ok: false, message: 'There is no such order.', notFound: true };
    if (!canMove(step.action, so.status) || !actionFits[step.action].includes(so.fulfilment)) return { ok: false, message: orderRefusal(step.action, so.status) };
    const problem = step.check?.(so);
    if (problem) return { ok: false, message: problem };
    const at = clock.now();
    const after = await moveSellerOrder(trx, so.id, orderTransitions[step.action].from, { status: orderTransitions[step.action].to, ...step.patch(so, at) }, at);
    if (!after) return { ok: false, message: 'This order changed meanwhile; reload and try again.' };
    await step.effects?.(trx, so, after);
    const e = step.event(after);
    await addEvent(trx, { order_id: so.order_id, seller_order_id: so.id, actor_id: 'userId' in actor ? actor.userId : null, type: e.type, message: e.message, at });
    await emit(trx, 'seller_order.changed', {
      orderId: so.order_id,
      sellerOrderId: so.id,
      sellerId: so.seller_id,
      buyerId: so.buyer_id,
      userId: so.buyer_id,
      status: after.status,
      type: e.type,
      by: actor.role,
      message: e.message,
    });
    return { ok: true, sellerOrder: after };
  });
}

async function escrowDays(trx: Knex.Transaction, orderId: number): Promise<number> {
  return (await findOrder(trx, orderId))?.escrow_days ?? 7;
}

async function stockBack(trx: Knex.Transaction, so: SellerOrderRow): Promise<void> {
  const lines = await linesOfSellerOrder(trx, so.id);
  await putBack(
    trx,
    lines.map((l) => ({ listingId: l.listing_id, variantId: l.variant_id, quantity: l.quantity })),
    so.order_id,
    'restocked',
  );
}

/** The seller takes a paid order (for a service: accepts the booking). */
export function acceptOrder(db: Knex, id: number, actor: Actor): Promise<ActResult> {
  return run(db, id, actor, {
    action: 'accept',
    patch: (_so, at) => ({ accepted_at: at }),
    effects: async (trx, so) => {
      if (so.fulfilment === 'service') await trx('order_lines').where({ seller_order_id: so.id }).update({ booking_status: 'accepted' });
    },
    event: (so) => (so.fulfilment === 'service' ? { type: 'accepted', message: 'The seller accepted the booking.' } : { type: 'accepted', message: 'The seller accepted the order and is preparing it.' }),
  });
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
}

/** The seller hands the parcel to a carrier. */
export function shipOrder(db: Knex, id: number, actor: Actor, shipment: Shipment): Promise<ActResult> {
  return run(db, id, actor, {
    action: 'ship',
    patch: (_so, at) => ({ shipped_at: at, carrier: shipment.carrier, tracking_number: shipment.trackingNumber, ship_by: null }),
    event: () => ({ type: 'shipped', message: `Shipped with ${shipment.carrier}, tracking number ${shipment.trackingNumber}.` }),
  });
}

/** Delivered: the escrow period starts; the seller is paid when it ends unless the buyer opens a dispute. */
export function markDelivered(db: Knex, id: number, actor: Actor): Promise<ActResult> {
  let days = 7;
  return run(db, id, actor, {
    action: 'deliver',
    check: (so) => (so.fulfilment === 'ship' && so.status !== 'shipped' ? 'Mark the order as shipped first.' : null),
    patch: (_so, at) => ({ delivered_at: at }),
    effects: async (trx, so, after) => {
      days = await escrowDays(trx, so.order_id);
      await trx('seller_orders').where({ id: after.id }).update({ release_due_at: new Date(after.delivered_at!.getTime() + days * day) });
    },
    event: () => ({ type: 'delivered', message: `Delivered. The seller is paid in ${days} days unless a problem is reported.` }),
  });
}

/** The buyer confirms they received the goods (or the service): the seller is paid now. */
export function confirmReceipt(db: Knex, id: number, actor: Actor): Promise<ActResult> {
  let paid = '';
  return run(db, id, actor, {
    action: 'complete',
    check: (so) => (so.fulfilment === 'service' && so.status !== 'accepted' && so.status !== 'delivered' ? 'The seller has not accepted the booking yet.' : null),
    patch: (_so, at) => ({ completed_at: at, release_due_at: null }),
    effects: async (trx, so) => {
      const c = await captureEscrow(trx, so);
      paid = formatMoney(c.sellerAmount, so.currency);
    },
    event: () => ({ type: 'completed', message: `Receipt confirmed. The seller was paid ${paid}.` }),
  });
}

/** The escrow period after delivery ended with no dispute: the seller is paid. Safe to run twice. */
export function releaseDue(db: Knex, id: number): Promise<ActResult> {
  let paid = '';
  return run(db, id, { role: 'system' }, {
    action: 'complete',
    check: (so) => (so.status !== 'delivered' || !so.release_due_at || so.release_due_at.getTime() > clock.nowMs() ? 'Not due yet.' : null),
    patch: (_so, at) => ({ completed_at: at, release_due_at: null }),
    effects: async (trx, so) => {
      const c = await captureEscrow(trx, so);
      paid = formatMoney(c.sellerAmount, so.currency);
    },
    event: () => ({ type: 'completed', message: `Completed automatically after the escrow period. The seller was paid ${paid}.` }),
  });
}

/** A digital part completes on its first full download. */
export function completeOnDownload(db: Knex, id: number): Promise<ActResult> {
  let paid = '';
  return run(db, id, { role: 'system' }, {
    action: 'complete',
    check: (so) => (so.fulfilment !== 'digital' ? 'Only downloads complete on download.' : null),
    patch: (_so, at) => ({ completed_at: at, release_due_at: null }),
    effects: async (trx, so) => {
      const c = await captureEscrow(trx, so);
      paid = formatMoney(c.sellerAmount, so.currency);
    },
    event: () => ({ type: 'completed', message: `Downloaded. The seller was paid ${paid}.` }),
  });
}

/**
 * Cancels a paid seller order before it ships: the escrow goes back to the
 * buyer's wallet, the stock back on sale, downloads are revoked.
 */
export function cancelSellerOrder(db: Knex, id: number, actor: Actor, reason: string): Promise<ActResult> {
  const who = actor.role === 'buyer' ? 'You cancelled' : actor.role === 'seller' ? 'The seller cancelled' : 'Souk cancelled';
  return run(db, id, actor, {
    action: 'cancel',
    check: (so) => (so.status === 'awaiting_payment' ? 'This order is not paid yet; cancel the whole order instead.' : null),
    patch: (_so, at) => ({ cancelled_at: at, cancel_reason: reason, ship_by: null }),
    effects: async (trx, so) => {
      // the stock rows before the buyer's balance, the order checkouts take them in (no deadlock)
      await stockBack(trx, so);
      await returnEscrow(trx, so);
      if (so.fulfilment === 'digital') await revokeEntitlements(trx, so.id, clock.now());
      if (so.fulfilment === 'service') await trx('order_lines').where({ seller_order_id: so.id }).update({ booking_status: 'declined' });
      // the part was invoiced when paid: the money going back gets its credit note
      if (so.total > 0) await emit(trx, 'seller_order.refunded', { orderId: so.order_id, sellerOrderId: so.id, sellerId: so.seller_id, buyerId: so.buyer_id, userId: so.buyer_id, amount: so.total, refundKey: `cancel:${so.id}` });
    },
    event: (so) => ({ type: 'cancelled', message: `${who} this part of the order${reason ? `: ${reason}` : ''}. ${formatMoney(so.total, so.currency)} went back to the buyer's wallet.` }),
  });
}

/** Not shipped (or a booking not answered) within the deadline: cancelled and refunded. Safe to run twice. */
export async function cancelOverdue(db: Knex, id: number): Promise<ActResult> {
  const so = await db('seller_orders').where({ id }).first('ship_by', 'status');
  if (!so?.ship_by || new Date(so.ship_by).getTime() > clock.nowMs()) return { ok: false, message: 'Not due yet.' };
  return cancelSellerOrder(db, id, { role: 'system' }, 'not shipped in time');
}

/** A buyer's dispute pauses the escrow release until it is decided. Runs inside the dispute's transaction. */
export function holdForDispute(db: Knex | Knex.Transaction, id: number, actor: Actor): Promise<ActResult> {
  return run(db, id, actor, {
    action: 'dispute',
    patch: () => ({ release_due_at: null }),
    event: () => ({ type: 'disputed', message: 'A problem was reported; the payment to the seller is paused until it is resolved.' }),
  });
}

/**
 * Ends a dispute with the seller paid, less `refund` back to the buyer (0 for a
 * release, part of the total for a split or a partial refund). One transfer.
 */
export function settleDispute(db: Knex | Knex.Transaction, id: number, actor: Actor, refund: number, why: string): Promise<ActResult> {
  let text = '';
  return run(db, id, actor, {
    action: 'settle',
    check: (so) => (!Number.isSafeInteger(refund) || refund < 0 || refund >= so.total ? `A partial refund must be between ${formatMoney(0, so.currency)} and less than ${formatMoney(so.total, so.currency)}.` : null),
    patch: (_so, at) => ({ completed_at: at, refunded_amount: refund }),
    effects: async (trx, so) => {
      const c = await captureEscrow(trx, so, refund);
      text = refund > 0 ? `${formatMoney(refund, so.currency)} went back to the buyer and the seller was paid ${formatMoney(c.sellerAmount, so.currency)}.` : `The seller was paid ${formatMoney(c.sellerAmount, so.currency)}.`;
      if (refund > 0) await emit(trx, 'seller_order.refunded', { orderId: so.order_id, sellerOrderId: so.id, sellerId: so.seller_id, buyerId: so.buyer_id, userId: so.buyer_id, amount: refund, refundKey: `settle:${so.id}` });
    },
    event: () => ({ type: 'settled', message: `${why} ${text}` }),
  });
}

/** All of the money back to the buyer: the escrow is released to their wallet and downloads are revoked. */
export function refundInFull(db: Knex | Knex.Transaction, id: number, actor: Actor, why: string): Promise<ActResult> {
  return run(db, id, actor, {
    action: 'refund',
    patch: (so, at) => ({ refunded_amount: so.total, completed_at: at, release_due_at: null, ship_by: null }),
    effects: async (trx, so) => {
      await returnEscrow(trx, so);
      if (so.fulfilment === 'digital') await revokeEntitlements(trx, so.id, clock.now());
      await emit(trx, 'seller_order.refunded', { orderId: so.order_id, sellerOrderId: so.id, sellerId: so.seller_id, buyerId: so.buyer_id, userId: so.buyer_id, amount: so.total, refundKey: `refund:${so.id}` });
    },
    event: (so) => ({ type: 'refunded', message: `${why} ${formatMoney(so.total, so.currency)} went back to the buyer's wallet.` }),
  });
}
