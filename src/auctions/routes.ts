import { signedIn, type Route } from '../http/route.js';
import { auctionsController as auctions } from './auctions.controller.js';
import { auctionsPaths } from './paths.js';

/** Every URL of the auctions domain: anyone sees the bid box; bidding needs a sign-in. */
export const auctionsRoutes: Route[] = [
  { method: 'get', path: auctionsPaths.auctionBidBox(':id'), handlers: [auctions.box] },
  { method: 'get', path: auctionsPaths.auctionYou(':id'), handlers: [auctions.you] },
  { method: 'post', path: auctionsPaths.auctionBids(':id'), handlers: [...signedIn, auctions.bid] },
  { method: 'post', path: auctionsPaths.auctionBuyNow(':id'), handlers: [...signedIn, auctions.buyNow] },
];
