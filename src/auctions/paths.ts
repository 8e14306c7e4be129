type Id = number | string;

/** Named paths of auctions. An auction goes by its listing's id (one auction per auction listing). */
export const auctionsPaths = {
  /** POST: a maximum bid (`max`) */
  auctionBids: (listingId: Id) => `/auctions/${listingId}/bids`,
  /** POST: buy it now, while offered */
  auctionBuyNow: (listingId: Id) => `/auctions/${listingId}/buy-now`,
  /** GET: the bid box fragment (the listing page includes it; htmx re-fetches it) */
  auctionBidBox: (listingId: Id) => `/auctions/${listingId}/bid-box`,
  /** GET: the viewer's own standing (leading, outbid, won): re-fetched on a signal on their stream */
  auctionYou: (listingId: Id) => `/auctions/${listingId}/you`,
};
