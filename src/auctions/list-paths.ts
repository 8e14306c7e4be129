/** Named paths of the auction lists: a bidder's bids, a seller's auctions, the increment tables. */
export const auctionListPaths = {
  /** GET: the signed-in user's auctions, by tab (`?tab=active|won|lost`) */
  myBids: () => '/account/bids',
  /** GET: the live part of My bids alone (re-fetched on the user's `auctions` signal) */
  myBidsList: () => '/account/bids/list',
  /** GET: the signed-in seller's auctions */
  sellerAuctions: () => '/seller/auctions',
  /** GET: the live part of the seller's auctions alone */
  sellerAuctionsList: () => '/seller/auctions/list',
  /** GET the form, POST a new table: the bid increments of one currency (`?currency=EUR`) */
  adminIncrements: (currency?: string) => `/admin/auctions/increments${currency ? `?currency=${encodeURIComponent(currency)}` : ''}`,
};
