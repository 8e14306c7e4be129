import { adminOnly, signedIn, type Route } from '../http/route.js';
import { auctionExtrasController as c } from './extras.controller.js';
import { auctionExtrasPaths as p } from './extras-paths.js';

/** What follows an auction: the seller cancels or makes an offer, the bidder answers it, an admin suspends or removes a bid. */
export const auctionExtrasRoutes: Route[] = [
  { method: 'get', path: p.auctionSelling(':id'), handlers: [...signedIn, c.selling] },
  { method: 'post', path: p.auctionCancellation(':id'), handlers: [...signedIn, c.cancel] },
  { method: 'post', path: p.auctionOffer(':id'), handlers: [...signedIn, c.offer] },
  { method: 'post', path: p.auctionRelisting(':id'), handlers: [...signedIn, c.relist] },
  { method: 'get', path: p.auctionOfferPage(':id'), handlers: [...signedIn, c.offerPage] },
  { method: 'post', path: p.auctionOfferAcceptance(':id'), handlers: [...signedIn, c.accept] },
  { method: 'post', path: p.auctionOfferDecline(':id'), handlers: [...signedIn, c.decline] },
  { method: 'get', path: p.myAuctionStrikes(), handlers: [...signedIn, c.myStrikes] },
  { method: 'get', path: p.adminAuction(':id'), handlers: [...adminOnly, c.admin] },
  { method: 'post', path: p.adminAuctionSuspension(':id'), handlers: [...adminOnly, c.suspend] },
  { method: 'post', path: p.adminAuctionBidRemoval(':id', ':bidId'), handlers: [...adminOnly, c.removeBid] },
];
