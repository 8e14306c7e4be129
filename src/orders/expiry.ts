import type { Knex } from 'knex';
import { releaseHold } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { release } from '../listings/availability.js';
import { emit } from '../outbox/outbox.js';
import { addEvent, linesOfOrder, lockOrder, lockSellerOrdersOf, moveSellerOrder, updateOrder, type OrderRow } from './queries.js';
import { orderTransitions } from './states.js';

export type LapseResult = { ok: true; order: OrderRow } | { ok: false; message: string; notFound?: boolean };

/**
 * Ends an unpaid order: its reserved stock goes back on sale and the wallet part
 * set aside for it is freed. `due` lapses only orders whose reservation ran out
 * (the delayed job and the sweep); the buyer may cancel their own at any time.
 */
export async function lapseOrder(db: Knex, orderId: number, why: { by: 'due' } | { by: 'buyer'; buyerId: number }): Promise<LapseResult> {
  return db.transaction(async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!order || (why.by === 'buyer' && order.buyer_id !== why.buyerId)) return { ok: false, message: 'There is no such order.', notFound: true };
    if (order.status !== 'awaiting_payment') return { ok: false, message: order.status === 'paid' ? 'This order is paid; cancel each part from the order page.' : 'This order is already cancelled.' };
    const at = clock.now();
    if (why.by === 'due' && (!order.reserved_until || order.reserved_until.getTime() > at.getTime())) return { ok: false, message: 'Not due yet.' };
    for (const so of await lockSellerOrdersOf(trx, order.id)) await moveSellerOrder(trx, so.id, orderTransitions.cancel.from, { status: 'cancelled', cancelled_at: at, cancel_reason: 'unpaid' }, at);
    const lines = await linesOfOrder(trx, order.id);
    await release(
      trx,
      lines.map((l) => ({ listingId: l.listing_id, variantId: l.variant_id, quantity: l.quantity })),
      order.id,
    );
    if (order.wallet_hold_id) await releaseHold(trx, { idempotencyKey: `order-wallet-release:${order.id}`, holdId: order.wallet_hold_id, memo: `Order #${order.id}: not paid` });
    const reason = why.by === 'buyer' ? 'cancelled by the buyer' : 'not paid in time';
    // an auction's item is not put back on sale: the seller may relist it or offer it to another bidder
    const won = lines.some((l) => l.kind === 'auction');
    await updateOrder(trx, order.id, { status: 'cancelled', cancelled_at: at, cancel_reason: reason, reserved_until: null }, at);
    await addEvent(trx, {
      order_id: order.id,
      actor_id: why.by === 'buyer' ? why.buyerId : null,
      type: 'cancelled',
      message:
        why.by === 'buyer'
          ? 'You cancelled the order before paying. The items are back on sale.'
          : won
            ? 'The auction win was not paid in time, so the order is cancelled. Nothing was charged.'
            : 'The order was not paid in time; the items are back on sale.',
      at,
    });
    await emit(trx, 'order.lapsed', { orderId: order.id, userId: order.buyer_id, reason, ...(won ? { auction: true } : {}) });
    return { ok: true, order: { ...order, status: 'cancelled', cancelled_at: at, cancel_reason: reason, reserved_until: null } };
  });
}
