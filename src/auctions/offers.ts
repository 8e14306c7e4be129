import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { orderFromAuction } from '../orders/auction-orders.js';
import { addEvent } from '../orders/queries.js';
import { emit } from '../outbox/outbox.js';
import { lockAuctionOfListing, numeric, type AuctionRow } from './queries.js';
import type { AuctionSettings } from './settings.js';

/** How long a bidder has to answer an offer. */
export const OFFER_HOURS = 48;
const HOUR = 3_600_000;

export type OfferKind = 'reserve_not_met' | 'second_chance';
export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export interface OfferRow {
  id: number;
  auction_id: number;
  listing_id: number;
  seller_id: number;
  bidder_id: number;
  amount: number;
  currency: string;
  kind: OfferKind;
  status: OfferStatus;
  expires_at: Date;
  order_id: number | null;
  responded_at: Date | null;
  created_at: Date;
}

const NUM = ['id', 'auction_id', 'listing_id', 'seller_id', 'bidder_id', 'amount', 'order_id'] as const;
function num(row: OfferRow | undefined): OfferRow | undefined {
  if (!row) return row;
  const r = row as unknown as Record<string, unknown>;
  for (const k of NUM) if (r[k] !== null && r[k] !== undefined) r[k] = Number(r[k]);
  return row;
}

export async function findOffer(db: Knex | Knex.Transaction, id: number): Promise<OfferRow | undefined> {
  return num(await db<OfferRow>('auction_offers').where({ id }).first());
}

/** Policy: the seller of the auction sends offers. */
export function canOfferAuction(user: { id: number } | null | undefined, auction: Pick<AuctionRow, 'seller_id'>): boolean {
  return Boolean(user) && user!.id === auction.seller_id;
}

/** Policy: only the bidder an offer was made to may see and answer it. */
export function canAnswerOffer(user: { id: number } | null | undefined, offer: Pick<OfferRow, 'bidder_id'>): boolean {
  return Boolean(user) && user!.id === offer.bidder_id;
}

export type OfferRefusal = 'not_found' | 'forbidden' | 'not_ended' | 'not_eligible' | 'pending' | 'no_bidder';
export type MakeOfferResult = { ok: true; offer: OfferRow; message: string } | { ok: false; reason: OfferRefusal; message: string };

/**
 * Which offer an ended auction allows now, if any: the reserve was not met and no
 * offer was accepted yet ('reserve_not_met', to the highest bidder first), or the
 * win (or an accepted offer) went unpaid ('second_chance', to the next bidder).
 */
async function offerKind(trx: Knex.Transaction, row: AuctionRow): Promise<{ kind: OfferKind } | { refused: string }> {
  if (row.status !== 'ended') return { refused: 'An offer can only be made once the auction has ended.' };
  const order = row.order_id ? await trx('orders').where({ id: row.order_id }).first('status', 'cancel_reason') : null;
  if (order && !(order.status === 'cancelled' && order.cancel_reason === 'not paid in time')) {
    return { refused: order.status === 'awaiting_payment' ? 'The buyer still has time to pay for this item.' : 'This item is already sold.' };
  }
  if (row.outcome === 'reserve_not_met') return { kind: order ? 'second_chance' : 'reserve_not_met' };
  if ((row.outcome === 'sold' || row.outcome === 'bought_now') && order) return { kind: 'second_chance' };
  return { refused: row.outcome === 'no_bids' ? 'Nobody bid on this auction.' : 'This auction allows no offer.' };
}

/**
 * The seller offers the item of an ended auction to a bidder at that bidder's
 * maximum: the highest maximum of the bidders who have not had the item yet (no
 * order for it, no earlier offer). One offer at a time; it lapses after 48 hours.
 * Serialized on the auction row.
 */
export async function makeOffer(db: Knex, input: { listingId: number; sellerId: number }): Promise<MakeOfferResult> {
  return db.transaction(async (trx) => {
    const row = await lockAuctionOfListing(trx, input.listingId);
    if (!row) return { ok: false, reason: 'not_found', message: 'There is no such auction.' };
    if (!canOfferAuction({ id: input.sellerId }, row)) return { ok: false, reason: 'forbidden', message: 'Only the seller can make an offer on this auction.' };
    const kind = await offerKind(trx, row);
    if ('refused' in kind) return { ok: false, reason: row.status === 'ended' ? 'not_eligible' : 'not_ended', message: kind.refused };
    if (await trx('auction_offers').where({ auction_id: row.id, status: 'pending' }).first('id')) {
      return { ok: false, reason: 'pending', message: 'An offer on this auction is waiting for an answer.' };
    }
    const round = Number((await trx('auctions').where({ id: row.id }).first('round'))?.round ?? 1);
    const best = await trx('bids as b')
      .where({ 'b.auction_id': row.id })
      .whereIn('b.status', ['accepted'])
      .whereNotExists(trx('auction_offers as o').whereRaw('o.auction_id = b.auction_id and o.bidder_id = b.bidder_id and o.round = ?', [round]).select(trx.raw('1')))
      .whereNotExists(trx('orders as x').whereRaw('x.buyer_id = b.bidder_id and x.checkout_key = ?', [`auction:${row.id}`]).select(trx.raw('1')))
      .orderBy([{ column: 'b.max_amount', order: 'desc' }, { column: 'b.seq', order: 'asc' }])
      .first('b.bidder_id', 'b.max_amount');
    if (!best) return { ok: false, reason: 'no_bidder', message: 'There is no other bidder to make an offer to.' };
    const at = clock.now();
    const [offer] = await trx('auction_offers')
      .insert({
        auction_id: row.id,
        listing_id: row.listing_id,
        seller_id: row.seller_id,
        bidder_id: Number(best.bidder_id),
        amount: Number(best.max_amount),
        currency: row.currency,
        kind: kind.kind,
        round,
        expires_at: new Date(at.getTime() + OFFER_HOURS * HOUR),
        created_at: at,
      })
      .returning('*');
    const o = num(offer as OfferRow)!;
    await emit(trx, 'auction.offer_made', { offerId: o.id, auctionId: row.id, listingId: row.listing_id, userId: o.bidder_id, bidderId: o.bidder_id, sellerId: row.seller_id, title: row.title, amount: o.amount, currency: o.currency, kind: o.kind, expiresAt: o.expires_at.toISOString() });
    return { ok: true, offer: o, message: `Your offer of ${formatMoney(o.amount, o.currency)} was sent to a bidder; they have ${OFFER_HOURS} hours to answer.` };
  });
}

export type AnswerResult =
  | { ok: true; offer: OfferRow; orderId: number | null; message: string }
  | { ok: false; reason: 'not_found' | 'answered' | 'expired'; message: string };

/**
 * The bidder answers an offer. Accepting creates the order (awaiting payment with the
 * usual deadline) at the offered amount; the auction records the new buyer. The
 * auction row is locked, then the offer, so two answers at once give one order.
 */
export async function answerOffer(db: Knex, input: { offerId: number; userId: number; accept: boolean }, settings: AuctionSettings): Promise<AnswerResult> {
  const first = await findOffer(db, input.offerId);
  if (!first || !canAnswerOffer({ id: input.userId }, first)) return { ok: false, reason: 'not_found', message: 'There is no such offer.' };
  return db.transaction(async (trx) => {
    const row = numeric(await trx<AuctionRow>('auctions').where({ id: first.auction_id }).forUpdate().first());
    const offer = num(await trx<OfferRow>('auction_offers').where({ id: first.id }).forUpdate().first())!;
    if (offer.status !== 'pending') return { ok: false, reason: 'answered', message: `This offer was already ${offer.status}.` };
    const at = clock.now();
    if (offer.expires_at.getTime() <= at.getTime()) {
      await trx('auction_offers').where({ id: offer.id }).update({ status: 'expired', responded_at: at });
      await emit(trx, 'auction.offer_expired', { offerId: offer.id, auctionId: offer.auction_id, listingId: offer.listing_id, sellerId: offer.seller_id, bidderId: offer.bidder_id, title: await titleOf(trx, offer.listing_id) });
      return { ok: false, reason: 'expired', message: 'This offer has expired.' };
    }
    const title = await titleOf(trx, offer.listing_id);
    if (!input.accept) {
      const [d] = await trx('auction_offers').where({ id: offer.id }).update({ status: 'declined', responded_at: at }).returning('*');
      await emit(trx, 'auction.offer_declined', { offerId: offer.id, auctionId: offer.auction_id, listingId: offer.listing_id, sellerId: offer.seller_id, bidderId: offer.bidder_id, title });
      return { ok: true, offer: num(d as OfferRow)!, orderId: null, message: 'You declined the offer.' };
    }
    const order = await orderFromAuction(trx, {
      auctionId: offer.auction_id,
      listingId: offer.listing_id,
      buyerId: offer.bidder_id,
      sellerId: offer.seller_id,
      price: offer.amount,
      currency: offer.currency,
      via: 'won',
      paymentDays: settings.paymentDays,
      shipDays: settings.shipDays,
      escrowDays: settings.escrowDays,
      at,
    });
    const what = offer.kind === 'second_chance' ? 'a second-chance offer' : 'the seller’s offer';
    await addEvent(trx, { order_id: order.id, actor_id: offer.bidder_id, type: 'note', message: `Accepted ${what} after the auction at ${formatMoney(offer.amount, offer.currency)}, the buyer’s maximum bid.`, at });
    const [a] = await trx('auction_offers').where({ id: offer.id }).update({ status: 'accepted', order_id: order.id, responded_at: at }).returning('*');
    if (row) await trx('auctions').where({ id: row.id }).update({ winner_id: offer.bidder_id, order_id: order.id, payment_due_at: order.reserved_until, updated_at: at });
    await emit(trx, 'auction.offer_accepted', { offerId: offer.id, auctionId: offer.auction_id, listingId: offer.listing_id, sellerId: offer.seller_id, bidderId: offer.bidder_id, title, amount: offer.amount, currency: offer.currency, orderId: order.id });
    return { ok: true, offer: num(a as OfferRow)!, orderId: order.id, message: 'You accepted the offer. Pay for your order to complete the purchase.' };
  });
}

async function titleOf(trx: Knex.Transaction, listingId: number): Promise<string> {
  return String((await trx('listings').where({ id: listingId }).first('title'))?.title ?? '');
}

/** Offers past their 48 hours lapse; the seller and the bidder are told. Safe to run twice and at once. */
export async function expireOffers(db: Knex): Promise<number> {
  return db.transaction(async (trx) => {
    const at = clock.now();
    const rows = (await trx('auction_offers').where({ status: 'pending' }).where('expires_at', '<=', at).update({ status: 'expired', responded_at: at }).returning('*')).map((r) => num(r as OfferRow)!);
    for (const o of rows) {
      await emit(trx, 'auction.offer_expired', { offerId: o.id, auctionId: o.auction_id, listingId: o.listing_id, sellerId: o.seller_id, bidderId: o.bidder_id, title: await titleOf(trx, o.listing_id) });
    }
    return rows.length;
  });
}
