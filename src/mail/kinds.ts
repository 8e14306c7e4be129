/**
 * Every kind of notification a user can receive, in the user's words: the
 * group it is listed under on the preferences page, what it is about, whether
 * email is on by default, and the button of its email. Money and security kinds
 * are `locked`: always in the app and by email, whatever is saved.
 */
export type KindGroup = 'messages' | 'buying' | 'bidding' | 'selling' | 'listings' | 'money' | 'account' | 'admin';

export type Lock = 'money' | 'security';

export interface KindInfo {
  kind: string;
  group: KindGroup;
  /** what the user is told about, as a preferences-page row */
  label: string;
  /** email on when the user has not chosen */
  email: boolean;
  /** the email's button */
  action: string;
  locked?: Lock;
}

export const groupTitles: Record<KindGroup, string> = {
  money: 'Money',
  account: 'Your account',
  messages: 'Messages',
  buying: 'Buying',
  bidding: 'Bidding on auctions',
  selling: 'Selling',
  listings: 'Your listings',
  admin: 'Running Souk',
};

export const lockReasons: Record<Lock, string> = {
  money: 'Always on: it is about money moving in or out of your account.',
  security: 'Always on: it is about the safety and standing of your account.',
};

const k = (kind: string, group: KindGroup, label: string, action: string, email: boolean, locked?: Lock): KindInfo => ({ kind, group, label, action, email, locked });

export const KINDS: readonly KindInfo[] = [
  // money: always sent
  k('payout.paid', 'money', 'A payout to your bank was sent', 'See your payouts', true, 'money'),
  k('payout.failed', 'money', 'A payout could not be sent', 'See your payouts', true, 'money'),
  k('payout.rejected', 'money', 'A payout was not approved', 'See your payouts', true, 'money'),
  k('payout.reversed', 'money', 'Your bank returned a payout', 'See your payouts', true, 'money'),
  k('refund.issued', 'money', 'You received a refund', 'See the refund', true, 'money'),
  k('order.cancelled', 'money', 'An order of yours was cancelled and the money returned', 'See your order', true, 'money'),
  k('sale.completed', 'money', 'You were paid for a sale', 'See the sale', true, 'money'),
  k('sale.cancelled', 'money', 'A sale was cancelled and the buyer repaid', 'See the sale', true, 'money'),
  k('auction.won', 'money', 'You won an auction and have to pay for it', 'Pay for it', true, 'money'),
  // account: always sent
  k('account.blocked', 'account', 'Your account was blocked', 'Read why', true, 'security'),
  k('account.unblocked', 'account', 'Your account is active again', 'Go to Souk', true, 'security'),
  k('auction.strike', 'account', 'You received a strike for not paying for an auction', 'See your strikes', true, 'security'),
  // messages
  k('conversation.message', 'messages', 'Someone wrote to you about a listing or an order', 'Read the message', true),
  // buying
  k('order.accepted', 'buying', 'A seller accepted your order', 'See your order', true),
  k('order.shipped', 'buying', 'Your order is on its way', 'Track your order', true),
  k('order.delivered', 'buying', 'Your order was delivered', 'See your order', true),
  k('order.completed', 'buying', 'Your order is complete', 'See your order', false),
  k('order.lapsed', 'buying', 'An order was not paid in time', 'See your order', true),
  k('dispute.opened', 'buying', 'A problem was reported with an order', 'See the dispute', true),
  k('dispute.message', 'buying', 'A new message in a dispute', 'Read the message', true),
  k('dispute.escalated', 'buying', 'Souk will decide a dispute', 'See the dispute', true),
  k('dispute.resolved', 'buying', 'A dispute was resolved', 'See the outcome', true),
  k('saved_search.match', 'buying', 'Something new matches a search you saved', 'See the listing', false),
  // bidding
  k('bid.outbid', 'bidding', 'Someone bid more than you', 'Bid again', true),
  k('auction.leading', 'bidding', 'You are the highest bidder again', 'See the auction', false),
  k('auction.ending_soon', 'bidding', 'An auction you watch ends within the hour', 'See the auction', false),
  k('auction.lost', 'bidding', 'An auction you bid on ended without you winning', 'See the auction', false),
  k('auction.offer', 'bidding', 'A seller offers you an item from an auction', 'See the offer', true),
  k('auction.offer_expired', 'bidding', 'An offer to you expired', 'See the offer', false),
  k('auction.bid_removed', 'bidding', 'A bid on an auction was removed', 'See the auction', false),
  k('auction.suspended', 'bidding', 'An auction was suspended', 'See the auction', true),
  // selling
  k('sale.new', 'selling', 'You have a new order', 'See the order', true),
  k('sale.disputed', 'selling', 'A buyer reported a problem with an order', 'See the order', true),
  k('stock.low', 'selling', 'An item is running out of stock', 'Update the stock', true),
  k('auction.ended', 'selling', 'An auction of yours ended', 'See the result', true),
  k('auction.unpaid', 'selling', 'The winner of your auction did not pay', 'See your options', true),
  k('auction.offer_answered', 'selling', 'A bidder answered your offer', 'See the auction', true),
  k('auction.cancelled', 'selling', 'You cancelled an auction', 'See the listing', false),
  k('boost.ended', 'selling', 'A promotion of your listing ended', 'See the listing', false),
  k('seller.approved', 'selling', 'Your shop was approved', 'Start selling', true),
  k('seller.rejected', 'selling', 'Your seller application was not approved', 'See why', true),
  // listings
  k('listing.approved', 'listings', 'A listing was approved and is live', 'See the listing', true),
  k('listing.rejected', 'listings', 'A listing was not approved', 'Edit the listing', true),
  k('listing.hidden', 'listings', 'A listing is hidden while we review it', 'See the listing', true),
  k('listing.expiring', 'listings', 'A listing expires soon', 'Renew it', true),
  k('listing.expired', 'listings', 'A listing has expired', 'Renew it', true),
  k('listing.extended', 'listings', 'A listing was extended', 'See the listing', false),
  // admins
  k('reconciliation.mismatches', 'admin', 'The ledger and the payment gateway disagree', 'Review the mismatches', true, 'money'),
];

const byKind = new Map(KINDS.map((i) => [i.kind, i]));

/** What Souk knows about a kind; a kind it does not list (added later by a domain) is in-app only until it is listed here. */
export function kindInfo(kind: string): KindInfo {
  return byKind.get(kind) ?? { kind, group: 'account', label: kind, action: 'Open Souk', email: false };
}

export function isKnownKind(kind: string): boolean {
  return byKind.has(kind);
}
