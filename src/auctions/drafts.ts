import type { Draft, Drafts } from '../notifications/draft.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';
import { auctionExtrasPaths } from './extras-paths.js';

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const money = (p: P) => formatMoney(Number(p.price ?? 0), str(p.currency) || undefined);

/** What a closed auction tells its winner, the other bidders and the seller. */
function closedDrafts(p: P): Draft[] {
  const title = str(p.title);
  const listing = paths.listing(Number(p.listingId));
  const winnerId = p.winnerId === null || p.winnerId === undefined ? null : Number(p.winnerId);
  const losers = (Array.isArray(p.bidderIds) ? p.bidderIds : []).map(Number).filter((id) => id !== winnerId);
  const out: Draft[] = [];
  if (winnerId !== null) {
    const bought = p.outcome === 'bought_now';
    out.push({
      userId: winnerId,
      kind: 'auction.won',
      title: bought ? `You bought “${title}”` : `You won “${title}”`,
      body: `${bought ? 'Bought' : 'Won'} for ${money(p)}. Pay for your order to complete the purchase.`,
      link: p.orderId ? paths.order(Number(p.orderId)) : listing,
    });
  }
  for (const id of losers) {
    out.push({
      userId: id,
      kind: 'auction.lost',
      title: `The auction for “${title}” has ended`,
      body: winnerId !== null ? `Another bidder won it for ${money(p)}.` : p.outcome === 'reserve_not_met' ? 'The reserve price was not met, so the item was not sold.' : 'The item was not sold.',
      link: listing,
    });
  }
  const seller: Record<string, [string, string]> = {
    sold: [`“${title}” sold for ${money(p)}`, 'The winner has been asked to pay. You will be told when the order is paid.'],
    bought_now: [`“${title}” was bought with buy it now`, `Sold for ${money(p)}. The buyer has been asked to pay.`],
    reserve_not_met: [`“${title}” did not sell`, `The highest bid, ${money(p)}, did not meet your reserve price. You may offer the item to the highest bidder at their maximum, or relist it.`],
    no_bids: [`“${title}” did not sell`, 'Your auction ended without bids. You may relist it.'],
  };
  const [t, b] = seller[str(p.outcome)] ?? [`The auction for “${title}” has ended`, ''];
  // unsold: the seller's page of the auction offers the next steps (an offer, a relisting)
  const unsold = p.outcome === 'reserve_not_met' || p.outcome === 'no_bids';
  out.push({ userId: Number(p.sellerId), kind: 'auction.ended', title: t, body: b, link: unsold ? auctionExtrasPaths.auctionSelling(Number(p.listingId)) : listing });
  return out;
}

/** The notifications the auctions domain's events create. */
export const auctionsDrafts: Drafts = {
  'bid.outbid': (e) => {
    const p = e.payload as P;
    return [
      {
        userId: Number(p.userId),
        kind: 'bid.outbid',
        title: `You were outbid on “${str(p.title)}”`,
        body: 'Another bidder’s maximum is higher. Bid again before the auction ends.',
        link: paths.listing(Number(p.listingId)),
      },
    ];
  },
  'auction.closed': (e) => closedDrafts(e.payload as P),
};
