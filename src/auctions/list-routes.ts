import { adminOnly, signedIn, type Route } from '../http/route.js';
import { incrementsController as increments } from './increments.controller.js';
import { auctionListPaths } from './list-paths.js';
import { auctionListsController as lists } from './lists.controller.js';

/** A bidder's bids and a seller's auctions (each only their own), and the admin's increment tables. */
export const auctionListRoutes: Route[] = [
  { method: 'get', path: auctionListPaths.myBids(), handlers: [...signedIn, lists.myBids] },
  { method: 'get', path: auctionListPaths.myBidsList(), handlers: [...signedIn, lists.myBidsList] },
  { method: 'get', path: auctionListPaths.sellerAuctions(), handlers: [...signedIn, lists.sellerAuctions] },
  { method: 'get', path: auctionListPaths.sellerAuctionsList(), handlers: [...signedIn, lists.sellerAuctionsList] },
  { method: 'get', path: auctionListPaths.adminIncrements(), handlers: [...adminOnly, increments.index] },
  { method: 'post', path: auctionListPaths.adminIncrements(), handlers: [...adminOnly, increments.update] },
];
