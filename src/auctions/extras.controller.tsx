import type { Request, Response } from 'express';
import { AdminAuctionPage, AdminStrikes, type AdminBid } from '../../views/auctions/admin-auction.js';
import { OfferPage, OfferSellerPage } from '../../views/auctions/offer.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { paths } from '../paths.js';
import { cancelAuction, canCancelAuction } from './cancel.js';
import { auctionExtrasPaths as p } from './extras-paths.js';
import { answerOffer, canAnswerOffer, findOffer, makeOffer, type OfferRow } from './offers.js';
import { auctionOfListing, ensureAuction, numeric, type BidRow } from './queries.js';
import { relistAuction, RELIST_DAYS } from './relist.js';
import { auctionSettings } from './settings.js';
import { strikesOf } from './strikes.js';
import { removeBid, suspendAuction } from './suspend.js';

function id(v: unknown, what: string): number {
  const n = idParam(v);
  if (!n) throw notFound(what);
  return n;
}

const reasonOf = (req: Request) => (typeof req.body?.reason === 'string' ? req.body.reason.slice(0, 1000) : '');

async function titleOf(req: Request, listingId: number): Promise<string> {
  return String((await services(req).db('listings').where({ id: listingId }).first('title'))?.title ?? '');
}

/** The seller's page of their auction (cancel, offer, offers sent). */
async function showSelling(req: Request, res: Response, listingId: number, status?: number, error?: string) {
  const db = services(req).db;
  const a = (await ensureAuction(db, listingId)) ?? (await auctionOfListing(db, listingId));
  if (!a) throw notFound('That auction');
  // another seller's auction is answered as missing: an ended or unlisted one is not revealed
  if (!canCancelAuction(req.user, a)) throw notFound('That auction');
  const offers = (await db<OfferRow>('auction_offers').where({ auction_id: a.id }).orderBy('id', 'desc')).map((o) => ({ ...o, amount: Number(o.amount), order_id: o.order_id === null ? null : Number(o.order_id) }));
  const order = a.order_id ? await db('orders').where({ id: a.order_id }).first('status', 'cancel_reason') : null;
  const unpaid = order?.status === 'cancelled' && order.cancel_reason === 'not paid in time';
  const sold = Boolean(await db('orders').where({ checkout_key: `auction:${a.id}` }).first('id'));
  const canRelist = a.status === 'ended' && (a.outcome === 'no_bids' || a.outcome === 'reserve_not_met') && !sold && !offers.some((o) => o.status === 'pending');
  const canOffer = a.status === 'ended' && !offers.some((o) => o.status === 'pending') && ((a.outcome === 'reserve_not_met' && !order) || unpaid);
  const title = await titleOf(req, listingId);
  await render(req, res, {
    title: 'Your auction',
    status,
    body: (ctx) => (
      <OfferSellerPage
        csrf={ctx.csrf}
        error={error}
        s={{ listingId, title, status: a.status, outcome: a.outcome, bidCount: a.bid_count, currency: a.currency, canCancel: a.status === 'open' && a.bid_count === 0, canOffer, canRelist, relistDays: RELIST_DAYS, offers }}
      />
    ),
  });
}

async function showAdmin(req: Request, res: Response, listingId: number, status?: number, error?: string) {
  const db = services(req).db;
  const a = (await ensureAuction(db, listingId)) ?? (await auctionOfListing(db, listingId));
  if (!a) throw notFound('That auction');
  const bids = (await db('bids as b').join('users as u', 'u.id', 'b.bidder_id').where('b.auction_id', a.id).whereNot('b.status', 'refused').orderBy('b.seq').select('b.*', 'u.display_name as bidder_name')).map((b: BidRow) => numeric(b)) as AdminBid[];
  const title = await titleOf(req, listingId);
  await render(req, res, { title: 'Auction', status, body: (ctx) => <AdminAuctionPage auction={a} title={title} bids={bids} csrf={ctx.csrf} error={error} /> });
}

export const auctionExtrasController = {
  /** GET the seller's page of an auction. */
  async selling(req: Request, res: Response) {
    await showSelling(req, res, id(req.params.id, 'That auction'));
  },

  /** POST: the seller cancels an auction without bids. */
  async cancel(req: Request, res: Response) {
    const listingId = id(req.params.id, 'That auction');
    const r = await cancelAuction(services(req).db, { listingId, sellerId: req.user!.id });
    if (r.ok) return redirect(req, res, paths.listing(listingId), { kind: 'info', text: 'Your auction is cancelled.' });
    if (r.reason === 'not_found' || r.reason === 'forbidden') throw notFound('That auction');
    await showSelling(req, res, listingId, 409, r.message);
  },

  /** POST: the seller offers the item to the best remaining bidder. */
  async offer(req: Request, res: Response) {
    const listingId = id(req.params.id, 'That auction');
    const r = await makeOffer(services(req).db, { listingId, sellerId: req.user!.id });
    if (r.ok) return redirect(req, res, p.auctionSelling(listingId), { kind: 'info', text: r.message });
    if (r.reason === 'not_found' || r.reason === 'forbidden') throw notFound('That auction');
    await showSelling(req, res, listingId, 409, r.message);
  },

  /** POST: the seller relists an auction that ended unsold. */
  async relist(req: Request, res: Response) {
    const listingId = id(req.params.id, 'That auction');
    const raw = typeof req.body?.days === 'string' && req.body.days.trim() ? Number(req.body.days) : RELIST_DAYS.default;
    const r = await relistAuction(services(req).db, { listingId, sellerId: req.user!.id, days: Number.isFinite(raw) ? raw : 0 });
    if (r.ok) return redirect(req, res, paths.listing(listingId), { kind: 'info', text: 'Your auction is open for bids again.' });
    if (r.reason === 'not_found' || r.reason === 'forbidden') throw notFound('That auction');
    await showSelling(req, res, listingId, 409, r.message);
  },

  /** GET an offer (its bidder only). */
  async offerPage(req: Request, res: Response) {
    const db = services(req).db;
    const o = await findOffer(db, id(req.params.id, 'That offer'));
    if (!o || !canAnswerOffer(req.user, o)) throw notFound('That offer');
    const title = await titleOf(req, o.listing_id);
    await render(req, res, { title: 'An offer', body: (ctx) => <OfferPage offer={o} title={title} csrf={ctx.csrf} now={clock.now()} /> });
  },

  async accept(req: Request, res: Response) {
    await answer(req, res, true);
  },

  async decline(req: Request, res: Response) {
    await answer(req, res, false);
  },

  /** GET an auction as an admin sees it. */
  async admin(req: Request, res: Response) {
    await showAdmin(req, res, id(req.params.id, 'That auction'));
  },

  /** POST: an admin suspends an auction. */
  async suspend(req: Request, res: Response) {
    const listingId = id(req.params.id, 'That auction');
    const r = await suspendAuction(services(req).db, { listingId, adminId: req.user!.id, reason: reasonOf(req) });
    if (r.ok) return redirect(req, res, p.adminAuction(listingId), { kind: 'info', text: r.message });
    if (r.reason === 'not_found') throw notFound('That auction');
    await showAdmin(req, res, listingId, r.reason === 'reason_required' ? 422 : 409, r.message);
  },

  /** POST: an admin removes one bid. */
  async removeBid(req: Request, res: Response) {
    const listingId = id(req.params.id, 'That auction');
    const bidId = id(req.params.bidId, 'That bid');
    const r = await removeBid(services(req).db, { listingId, bidId, adminId: req.user!.id, reason: reasonOf(req) });
    if (r.ok) return redirect(req, res, p.adminAuction(listingId), { kind: 'info', text: r.message });
    if (r.reason === 'not_found') throw notFound('That bid');
    await showAdmin(req, res, listingId, r.reason === 'reason_required' ? 422 : 409, r.message);
  },

  /** GET the signed-in user's unpaid strikes. */
  async myStrikes(req: Request, res: Response) {
    const strikes = await strikesOf(services(req).db, req.user!.id);
    await render(req, res, {
      title: 'Unpaid strikes',
      body: () => (
        <section>
          <h1>Unpaid strikes</h1>
          <AdminStrikes strikes={strikes} />
        </section>
      ),
    });
  },
};

async function answer(req: Request, res: Response, accept: boolean) {
  const s = services(req);
  const offerId = id(req.params.id, 'That offer');
  const r = await answerOffer(s.db, { offerId, userId: req.user!.id, accept }, auctionSettings(s.config));
  if (r.ok) return redirect(req, res, r.orderId ? paths.order(r.orderId) : p.auctionOfferPage(offerId), { kind: 'info', text: r.message });
  if (r.reason === 'not_found') throw notFound('That offer');
  redirect(req, res, p.auctionOfferPage(offerId), { kind: 'error', text: r.message });
}


