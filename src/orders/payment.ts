import type { Knex } from 'knex';
import { grantEntitlements } from '../downloads/downloads.js';
import { placeHold, releaseHold, transfer } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { lockStock, sell } from '../listings/availability.js';
import { emit } from '../outbox/outbox.js';
import type { Gateway } from '../payments/gateway.js';
import type { GatewayEvent, WebhookHandlers } from '../payments/webhook-types.js';
import {
  addEvent,
  findOrder,
  linesOfOrder,
  lockOrder,
  lockOrderByPayment,
  lockSellerOrdersOf,
  moveSellerOrder,
  nextInvoiceNumber,
  updateOrder,
  type OrderRow,
} from './queries.js';
import { orderTransitions } from './states.js';

const day = 86_400_000;

/**
 * The buyer's money for the whole order is in their available balance (the wallet
 * part, plus the card part once it arrived): move each seller order's share into
 * escrow, sell the reserved stock, number the invoices, deliver downloads.
 */
export async function markPaid(trx: Knex.Transaction, order: OrderRow, how: { via: 'wallet' | 'card' }): Promise<OrderRow> {
  const at = clock.now();
  // stock rows first, the order a checkout takes them in (reserve, then balances and invoice counters):
  // selling last made a card payment and a checkout of the same seller deadlock
  const lines = await linesOfOrder(trx, order.id);
  await sell(
    trx,
    lines.map((l) => ({ listingId: l.listing_id, variantId: l.variant_id, quantity: l.quantity })),
    order.id,
  );
  if (order.wallet_hold_id) await releaseHold(trx, { idempotencyKey: `order-wallet-release:${order.id}`, holdId: order.wallet_hold_id, memo: `Order #${order.id}: into escrow` });
  const parts = await lockSellerOrdersOf(trx, order.id);
  for (const so of parts) {
    let holdId: number | null = null;
    if (so.total > 0) {
      holdId = (await placeHold(trx, { idempotencyKey: `escrow:${so.id}`, userId: order.buyer_id, amount: so.total, reference: { type: 'seller_order', id: so.id }, memo: `Order #${order.id}: escrow` })).holdId;
    }
    const invoice = await nextInvoiceNumber(trx, so.seller_id);
    const paid = await moveSellerOrder(
      trx,
      so.id,
      orderTransitions.pay.from,
      { status: 'paid', hold_id: holdId, invoice_number: invoice, paid_at: at, ship_by: so.fulfilment === 'digital' ? null : new Date(at.getTime() + order.ship_days * day) },
      at,
    );
    if (!paid) throw new Error(`seller order ${so.id} could not be marked paid from ${so.status}`);
    await emit(trx, 'seller_order.paid', { orderId: order.id, sellerOrderId: so.id, sellerId: so.seller_id, buyerId: order.buyer_id, userId: so.seller_id, total: so.total });
    if (so.fulfilment === 'digital') {
      // a download is delivered the moment it is paid; escrow runs from now
      await grantEntitlements(trx, so.id, at);
      await moveSellerOrder(trx, so.id, orderTransitions.deliver.from, { status: 'delivered', delivered_at: at, release_due_at: new Date(at.getTime() + order.escrow_days * day) }, at);
      await addEvent(trx, { order_id: order.id, seller_order_id: so.id, type: 'delivered', message: 'Your download is ready.', at });
    }
  }
  await updateOrder(trx, order.id, { status: 'paid', paid_at: at, reserved_until: null }, at);
  const paidBy = how.via === 'wallet' ? 'from your wallet' : order.wallet_amount > 0 ? `${formatMoney(order.wallet_amount, order.currency)} from your wallet and ${formatMoney(order.card_amount, order.currency)} by card` : 'by card';
  await addEvent(trx, { order_id: order.id, actor_id: order.buyer_id, type: 'paid', message: `Paid ${paidBy}. The money is held until each part is delivered.`, at });
  await emit(trx, 'order.paid', { orderId: order.id, userId: order.buyer_id, total: order.total });
  return { ...order, status: 'paid', paid_at: at, reserved_until: null };
}

/**
 * Starts (or resumes) the card part of an order at the gateway. The gateway key is
 * the order's, so a retry or a second click returns the same payment.
 */
export async function startCardPayment(db: Knex, gateway: Gateway, order: OrderRow, returnUrl: string): Promise<{ redirectUrl: string }> {
  const payment = await gateway.createPayment({
    amount: order.card_amount,
    currency: order.currency,
    userId: order.buyer_id,
    idempotencyKey: `order:${order.id}`,
    returnUrl,
    purpose: 'order',
    metadata: { orderId: String(order.id) },
    description: `Souk order #${order.id}`,
  });
  await db('orders').where({ id: order.id }).whereNull('payment_id').update({ payment_id: payment.id });
  return { redirectUrl: payment.redirectUrl };
}

/** The order a payment_intent.* event is about, locked; null for other purposes or a mismatch. */
async function orderOf(trx: Knex.Transaction, event: GatewayEvent): Promise<{ order: OrderRow; intent: Record<string, unknown> } | null> {
  const intent = event.data.object as Record<string, unknown> & { metadata?: Record<string, string> };
  const meta = intent.metadata ?? {};
  if (meta.purpose !== 'order') return null;
  const order = (await lockOrderByPayment(trx, String(intent.id))) ?? (meta.orderId ? await lockOrder(trx, Number(meta.orderId)) : undefined);
  if (!order || String(meta.userId) !== String(order.buyer_id)) return null;
  return { order, intent };
}

/**
 * payment_intent.succeeded for an order: the card money arrives in the buyer's
 * balance (once: the key is the payment's), and the order is paid from it. If the
 * order lapsed before the money came, the money stays in the buyer's wallet and
 * the timeline says so: nothing is lost, nothing is sold twice.
 */
async function onSucceeded(trx: Knex.Transaction, event: GatewayEvent): Promise<void> {
  const found = await orderOf(trx, event);
  if (!found) return;
  const { order, intent } = found;
  if (Number(intent.amount) !== order.card_amount || String(intent.currency).toUpperCase() !== order.currency) return;
  // paying sells the stock: its rows are taken before the buyer's balance, as a checkout takes them
  if (order.status === 'awaiting_payment') {
    const lines = await linesOfOrder(trx, order.id);
    await lockStock(
      trx,
      lines.map((l) => ({ listingId: l.listing_id, variantId: l.variant_id, quantity: l.quantity })),
    );
  }
  const t = await transfer(trx, {
    idempotencyKey: `order-card:${String(intent.id)}`,
    kind: 'topup',
    reference: { type: 'order', id: order.id },
    currency: order.currency,
    memo: `Card payment for order #${order.id}`,
    legs: [
      { account: { platform: 'gateway_clearing' }, amount: -order.card_amount },
      { account: { userId: order.buyer_id, type: 'available' }, amount: order.card_amount },
    ],
  });
  if (t.replayed) return;
  if (!order.payment_id) await updateOrder(trx, order.id, { payment_id: String(intent.id) }, clock.now());
  if (order.status === 'awaiting_payment') {
    await markPaid(trx, { ...order, payment_id: String(intent.id) }, { via: 'card' });
    return;
  }
  await addEvent(trx, {
    order_id: order.id,
    type: 'late_payment',
    message: `Your card payment of ${formatMoney(order.card_amount, order.currency)} arrived after the order had lapsed; it is in your wallet.`,
    at: clock.now(),
  });
  await emit(trx, 'wallet.changed', { userId: order.buyer_id });
}

/** payment_intent.payment_failed: nothing moves; the order page says why and offers another try. */
async function onFailed(trx: Knex.Transaction, event: GatewayEvent): Promise<void> {
  const found = await orderOf(trx, event);
  if (!found || found.order.status !== 'awaiting_payment') return;
  const err = (found.intent.last_payment_error ?? {}) as { message?: string };
  await addEvent(trx, { order_id: found.order.id, type: 'payment_failed', message: `The card payment failed: ${err.message ?? 'declined'}. You can try again until the reservation runs out.`, at: clock.now() });
  await emit(trx, 'order.changed', { orderId: found.order.id, userId: found.order.buyer_id });
}

export const ordersWebhookHandlers: WebhookHandlers = {
  'payment_intent.succeeded': onSucceeded,
  'payment_intent.payment_failed': onFailed,
};

/** The order, if the card payment for it already succeeded at the gateway (used before giving up on an unpaid order). */
export async function paidAtGateway(db: Knex, gateway: Gateway, orderId: number): Promise<boolean> {
  const order = await findOrder(db, orderId);
  if (!order?.payment_id) return false;
  const p = await gateway.retrievePayment(order.payment_id);
  return p?.status === 'succeeded';
}
