import { formatMoney } from '../lib/money.js';
import type { Draft, Drafts } from '../notifications/draft.js';
import type { Reactions } from '../outbox/reaction.js';
import { paths } from '../paths.js';
import { auctionExtrasPaths as p } from './extras-paths.js';

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0) : []);
const amount = (pl: P, key = 'amount') => formatMoney(Number(pl[key] ?? 0), str(pl.currency) || undefined);

/** The notifications of what follows an auction. */
export const auctionExtrasDrafts: Drafts = {
  'auction.suspended': (e) => {
    const pl = e.payload as P;
    const title = str(pl.title);
    const listing = paths.listing(Number(pl.listingId));
    const out: Draft[] = ids(pl.bidderIds).map((userId) => ({
      userId,
      kind: 'auction.suspended',
      title: `The auction for “${title}” was suspended`,
      body: `Your bid was voided and nothing will be sold. Reason: ${str(pl.reason)}`,
      link: listing,
    }));
    out.push({ userId: Number(pl.sellerId), kind: 'auction.suspended', title: `Your auction “${title}” was suspended`, body: `Every bid was voided. Reason: ${str(pl.reason)}`, link: listing });
    return out;
  },
  'auction.bid_removed': (e) => {
    const pl = e.payload as P;
    const title = str(pl.title);
    const listing = paths.listing(Number(pl.listingId));
    const out: Draft[] = ids(pl.removedBidderIds).map((userId) => ({
      userId,
      kind: 'auction.bid_removed',
      title: `Your bid on “${title}” was removed`,
      body: 'An administrator removed your bid. You may bid again while the auction is open.',
      link: listing,
    }));
    const leaderId = pl.leaderId === null || pl.leaderId === undefined ? null : Number(pl.leaderId);
    const previous = pl.previousLeaderId === null || pl.previousLeaderId === undefined ? null : Number(pl.previousLeaderId);
    if (leaderId !== null && leaderId !== previous && !ids(pl.removedBidderIds).includes(leaderId)) {
      out.push({ userId: leaderId, kind: 'auction.leading', title: `You are now the highest bidder on “${title}”`, body: `A bid was removed; the price is now ${amount(pl, 'price')}.`, link: listing });
    }
    return out;
  },
  'auction.cancelled': (e) => {
    const pl = e.payload as P;
    return [{ userId: Number(pl.sellerId), kind: 'auction.cancelled', title: `You cancelled the auction for “${str(pl.title)}”`, body: 'Nobody had bid; the listing has ended.', link: paths.listing(Number(pl.listingId)) }];
  },
  'auction.offer_made': (e) => {
    const pl = e.payload as P;
    const why = pl.kind === 'second_chance' ? 'The winner did not pay.' : 'The reserve price was not met.';
    return [
      {
        userId: Number(pl.bidderId),
        kind: 'auction.offer',
        title: `An offer for “${str(pl.title)}”: ${amount(pl)}`,
        body: `${why} The seller offers you the item at your maximum bid. Accept or decline within 48 hours.`,
        link: p.auctionOfferPage(Number(pl.offerId)),
      },
    ];
  },
  'auction.offer_accepted': (e) => {
    const pl = e.payload as P;
    return [{ userId: Number(pl.sellerId), kind: 'auction.offer_answered', title: `Your offer for “${str(pl.title)}” was accepted`, body: `The bidder accepted ${amount(pl)} and has been asked to pay.`, link: p.auctionSelling(Number(pl.listingId)) }];
  },
  'auction.offer_declined': (e) => {
    const pl = e.payload as P;
    return [{ userId: Number(pl.sellerId), kind: 'auction.offer_answered', title: `Your offer for “${str(pl.title)}” was declined`, body: 'You may offer the item to the next bidder.', link: p.auctionSelling(Number(pl.listingId)) }];
  },
  'auction.offer_expired': (e) => {
    const pl = e.payload as P;
    return [
      { userId: Number(pl.sellerId), kind: 'auction.offer_answered', title: `Your offer for “${str(pl.title)}” expired`, body: 'The bidder did not answer within 48 hours. You may offer the item to the next bidder.', link: p.auctionSelling(Number(pl.listingId)) },
      { userId: Number(pl.bidderId), kind: 'auction.offer_expired', title: `The offer for “${str(pl.title)}” expired`, body: 'It was open for 48 hours.', link: p.auctionOfferPage(Number(pl.offerId)) },
    ];
  },
  'auction.unpaid': (e) => {
    const pl = e.payload as P;
    const title = str(pl.title);
    return [
      { userId: Number(pl.buyerId), kind: 'auction.strike', title: `You received an unpaid strike for “${title}”`, body: 'You won this auction but did not pay in time, so the order was cancelled.', link: p.myAuctionStrikes() },
      { userId: Number(pl.sellerId), kind: 'auction.unpaid', title: `The winner of “${title}” did not pay`, body: 'The order was cancelled. You may send a second-chance offer to the next bidder at their maximum bid.', link: p.auctionSelling(Number(pl.listingId)) },
    ];
  },
  'auction.ending_soon': (e) => {
    const pl = e.payload as P;
    return ids(pl.userIds).map((userId) => ({ userId, kind: 'auction.ending_soon', title: `“${str(pl.title)}” ends within the hour`, body: 'An auction you are watching is about to end. Bid now if you want it.', link: paths.listing(Number(pl.listingId)) }));
  },
};

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** What those events cause: notifications, and an unpaid auction order's strike. */
export const auctionExtrasReactions: Reactions = {
  ...Object.fromEntries(Object.keys(auctionExtrasDrafts).map((topic) => [topic, { jobs: [notify] }])),
  'order.lapsed': { jobs: [{ queue: 'money', name: 'unpaid-auction-strike' }] },
  // a relisted auction's close is queued at its new end
  'auction.relisted': { jobs: [{ queue: 'money', name: 'schedule-auction-close' }] },
};
