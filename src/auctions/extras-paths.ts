type Id = number | string;

/** Named paths of what follows an auction: cancelling, suspending, removing a bid, offers. An auction goes by its listing's id. */
export const auctionExtrasPaths = {
  /** GET: the seller's page of their auction (cancel it, make an offer, see offers) */
  auctionSelling: (listingId: Id) => `/auctions/${listingId}/selling`,
  /** POST: the seller cancels an auction nobody has bid on */
  auctionCancellation: (listingId: Id) => `/auctions/${listingId}/cancellation`,
  /** POST: the seller relists an auction that ended unsold (`days`: how long the new round runs) */
  auctionRelisting: (listingId: Id) => `/auctions/${listingId}/relisting`,
  /** POST: the seller offers the item to a bidder at their maximum (reserve not met, or a second chance) */
  auctionOffer: (listingId: Id) => `/auctions/${listingId}/offer`,
  /** GET: an offer, as its bidder sees it */
  auctionOfferPage: (offerId: Id) => `/auction-offers/${offerId}`,
  /** POST: the bidder accepts an offer */
  auctionOfferAcceptance: (offerId: Id) => `/auction-offers/${offerId}/acceptance`,
  /** POST: the bidder declines an offer */
  auctionOfferDecline: (offerId: Id) => `/auction-offers/${offerId}/decline`,
  /** GET: an auction as an admin sees it (bids, suspension) */
  adminAuction: (listingId: Id) => `/admin/auctions/${listingId}`,
  /** POST: an admin suspends an auction (with a reason) */
  adminAuctionSuspension: (listingId: Id) => `/admin/auctions/${listingId}/suspension`,
  /** POST: an admin removes one bid (with a reason) */
  adminAuctionBidRemoval: (listingId: Id, bidId: Id) => `/admin/auctions/${listingId}/bids/${bidId}/removal`,
  /** GET: the signed-in user's unpaid strikes */
  myAuctionStrikes: () => `/account/auction-strikes`,
};
