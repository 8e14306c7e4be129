import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { addEvent } from '../orders/queries.js';
import { emit } from '../outbox/outbox.js';

export interface StrikeRow {
  id: number;
  user_id: number;
  auction_id: number;
  order_id: number;
  reason: 'unpaid';
  created_at: Date;
  title: string;
  listing_id: number;
}

/**
 * Unpaid wins: auction orders (won, bought now, or an accepted offer) that lapsed
 * unpaid and have no strike yet. The order of an auction is keyed `auction:<id>`.
 */
async function unpaidWithoutStrike(db: Knex, orderId?: number, limit = 200): Promise<{ order_id: number; buyer_id: number; auction_id: number }[]> {
  const q = db('orders as o')
    .join('auctions as a', db.raw("o.checkout_key = 'auction:' || a.id"))
    .where({ 'o.status': 'cancelled', 'o.cancel_reason': 'not paid in time' })
    .whereNotExists(db('auction_strikes as s').whereRaw('s.order_id = o.id').select(db.raw('1')))
    .orderBy('o.id')
    .limit(limit)
    .select('o.id as order_id', 'o.buyer_id', 'a.id as auction_id');
  if (orderId !== undefined) q.where('o.id', orderId);
  return (await q).map((r: Record<string, unknown>) => ({ order_id: Number(r.order_id), buyer_id: Number(r.buyer_id), auction_id: Number(r.auction_id) }));
}

/**
 * Gives the buyer of each lapsed auction order an unpaid strike, once per order (a
 * unique key), notes it on the order's timeline and tells the seller they may send a
 * second-chance offer. Runs on `order.lapsed` and in the sweep; safe twice and at once.
 */
export async function recordUnpaidStrikes(db: Knex, orderId?: number): Promise<number> {
  let n = 0;
  for (const u of await unpaidWithoutStrike(db, orderId)) {
    await db.transaction(async (trx) => {
      const at = clock.now();
      const [strike] = await trx('auction_strikes').insert({ user_id: u.buyer_id, auction_id: u.auction_id, order_id: u.order_id, created_at: at }).onConflict('order_id').ignore().returning('id');
      if (!strike) return;
      n++;
      const a = await trx('auctions as a').join('listings as l', 'l.id', 'a.listing_id').where('a.id', u.auction_id).first('a.listing_id', 'a.seller_id', 'l.title');
      await addEvent(trx, { order_id: u.order_id, type: 'note', message: 'The auction item was not paid for in time: the buyer received an unpaid strike, and the seller may offer the item to the next bidder.', at });
      await emit(trx, 'auction.unpaid', { auctionId: u.auction_id, listingId: Number(a.listing_id), sellerId: Number(a.seller_id), buyerId: u.buyer_id, orderId: u.order_id, title: String(a.title) });
    });
  }
  return n;
}

/** A user's unpaid strikes, newest first (their account page, the admin's user page). */
export async function strikesOf(db: Knex, userId: number): Promise<StrikeRow[]> {
  const rows = await db('auction_strikes as s').join('auctions as a', 'a.id', 's.auction_id').join('listings as l', 'l.id', 'a.listing_id').where('s.user_id', userId).orderBy('s.id', 'desc').select('s.*', 'l.title', 'a.listing_id');
  return rows.map((r: Record<string, unknown>) => ({ ...(r as unknown as StrikeRow), id: Number(r.id), user_id: Number(r.user_id), auction_id: Number(r.auction_id), order_id: Number(r.order_id), listing_id: Number(r.listing_id) }));
}
