import type { Knex } from 'knex';
import type { Draft, Drafts } from '../notifications/draft.js';
import type { OutboxEvent } from '../outbox/outbox.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';
import { commissionAfterRefund } from './escrow.js';
import { findSellerOrder } from './queries.js';

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The name a seller knows the buyer by: never their email address. */
async function buyerName(db: Knex, buyerId: number): Promise<string> {
  const u = await db('users').where({ id: buyerId }).first('display_name');
  return u?.display_name ? String(u.display_name) : 'a buyer';
}

/** What a completed part paid the seller: what they kept after refunds, less the commission on it. */
async function sellerReceives(db: Knex, sellerOrderId: number): Promise<string> {
  const so = await findSellerOrder(db, sellerOrderId);
  if (!so) return '';
  const kept = so.total - so.refunded_amount;
  return formatMoney(kept - Math.min(commissionAfterRefund(so.commission, so.total, so.refunded_amount), kept), so.currency);
}

/** The buyer hears what the seller (or Souk, on a deadline) did with their order. */
async function forBuyer(p: P, db: Knex): Promise<Draft | null> {
  const orderId = Number(p.orderId);
  const base = { userId: Number(p.buyerId), link: paths.order(orderId) };
  const message = str(p.message);
  switch (p.type) {
    case 'accepted':
      return { ...base, kind: 'order.accepted', title: `Order #${orderId} was accepted`, body: message };
    case 'shipped':
      return { ...base, kind: 'order.shipped', title: `Order #${orderId} is on its way`, body: message };
    case 'delivered':
      return { ...base, kind: 'order.delivered', title: `Order #${orderId} was delivered`, body: message };
    case 'cancelled': {
      const so = await findSellerOrder(db, Number(p.sellerOrderId));
      const back = so ? `${formatMoney(so.total, so.currency)} went back to your wallet.` : 'The money went back to your wallet.';
      return p.by === 'system'
        ? { ...base, kind: 'order.cancelled', title: `Part of order #${orderId} was cancelled`, body: `The seller did not ship it in time. ${back}` }
        : { ...base, kind: 'order.cancelled', title: `The seller cancelled part of order #${orderId}`, body: `${so?.cancel_reason ? `Reason: ${so.cancel_reason}. ` : ''}${back}` };
    }
    case 'completed':
      return p.by === 'system' ? { ...base, kind: 'order.completed', title: `Order #${orderId} is complete`, body: 'The seller has been paid. Thank you for buying on Souk.' } : null;
    default:
      return null;
  }
}

/** The seller hears what the buyer (or Souk, on a deadline or a download) did with their sale. */
async function forSeller(p: P, db: Knex): Promise<Draft | null> {
  const orderId = Number(p.orderId);
  const sellerOrderId = Number(p.sellerOrderId);
  const base = { userId: Number(p.sellerId), link: paths.sellerOrder(sellerOrderId) };
  switch (p.type) {
    case 'completed': {
      const paid = await sellerReceives(db, sellerOrderId);
      return p.by === 'buyer'
        ? { ...base, kind: 'sale.completed', title: `Order #${orderId}: receipt confirmed`, body: `The buyer confirmed receipt. You were paid ${paid}.` }
        : { ...base, kind: 'sale.completed', title: `Order #${orderId} is complete`, body: `Completed automatically. You were paid ${paid}.` };
    }
    case 'cancelled': {
      const reason = await db('seller_orders').where({ id: sellerOrderId }).first('cancel_reason');
      const why = reason?.cancel_reason ? `: ${String(reason.cancel_reason)}` : '';
      return p.by === 'buyer'
        ? { ...base, kind: 'sale.cancelled', title: `The buyer cancelled order #${orderId}`, body: `Cancelled by the buyer${why}. The money went back to them and the items are back on sale.` }
        : { ...base, kind: 'sale.cancelled', title: `Order #${orderId} was cancelled`, body: `Cancelled${why}. The money went back to the buyer and the items are back on sale.` };
    }
    case 'disputed':
      return { ...base, kind: 'sale.disputed', title: `A problem was reported with order #${orderId}`, body: 'The payment to you is paused until it is resolved.' };
    default:
      return null;
  }
}

/** The notifications the orders domain's events create. No buyer email address reaches a seller. */
export const ordersDrafts: Drafts = {
  'seller_order.paid': async (e: OutboxEvent, db) => {
    const p = e.payload as P;
    const name = await buyerName(db, Number(p.buyerId));
    const so = await findSellerOrder(db, Number(p.sellerOrderId));
    const total = formatMoney(Number(p.total), so?.currency);
    return [{ userId: Number(p.sellerId), kind: 'sale.new', title: `New order #${Number(p.orderId)} from ${name}: ${total}`, body: 'Accept it and ship it before the deadline shown on the order.', link: paths.sellerOrder(Number(p.sellerOrderId)) }];
  },
  'seller_order.changed': async (e: OutboxEvent, db) => {
    const p = e.payload as P;
    const out: Draft[] = [];
    if (p.by === 'seller' || p.by === 'system') {
      const d = await forBuyer(p, db);
      if (d) out.push(d);
    }
    if (p.by === 'buyer' || p.by === 'system') {
      const d = await forSeller(p, db);
      if (d) out.push(d);
    }
    return out;
  },
  'order.lapsed': (e: OutboxEvent) => {
    const p = e.payload as P;
    if (str(p.reason) === 'cancelled by the buyer') return [];
    return [{ userId: Number(p.userId), kind: 'order.lapsed', title: `Order #${Number(p.orderId)} was not paid in time`, body: p.auction ? 'You did not pay for the auction you won in time, so the order is cancelled. Nothing was charged.' : 'The reservation ran out and the items are back on sale. Nothing was charged.', link: paths.order(Number(p.orderId)) }];
  },
  'stock.low': (e: OutboxEvent) => {
    const p = e.payload as P;
    const left = Number(p.left);
    return [
      {
        userId: Number(p.userId),
        kind: 'stock.low',
        title: left <= 0 ? `“${str(p.title)}” is sold out` : `Only ${left} left of “${str(p.title)}”`,
        body: 'Add stock to keep it on sale.',
        link: paths.sellerListing(Number(p.listingId)),
      },
    ];
  },
};
