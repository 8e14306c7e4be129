import type { Request, Response } from 'express';
import { MyBidsList, MyBidsPage, type MyBidsProps } from '../../views/auctions/my-bids.js';
import { SellerAuctionsList, SellerAuctionsPage, type SellerAuctionsProps } from '../../views/auctions/seller-auctions.js';
import { services } from '../deps.js';
import { render } from '../http/render.js';
import { clock } from '../lib/clock.js';
import { MY_BIDS_TABS, myBids, myBidsCounts, type MyBidsTab } from './my-bids.js';
import { sellerAuctions } from './seller-auctions.js';

const tabOf = (v: unknown): MyBidsTab => (typeof v === 'string' && (MY_BIDS_TABS as readonly string[]).includes(v) ? (v as MyBidsTab) : 'active');

// always the signed-in user's own: nothing in the request names another user
async function myBidsOf(req: Request): Promise<MyBidsProps> {
  const db = services(req).db;
  const userId = req.user!.id;
  const tab = tabOf(req.query.tab);
  const [counts, rows] = await Promise.all([myBidsCounts(db, userId), myBids(db, userId, tab)]);
  return { tab, counts, rows, now: clock.now() };
}

async function sellerAuctionsOf(req: Request): Promise<SellerAuctionsProps> {
  return { rows: await sellerAuctions(services(req).db, req.user!.id), now: clock.now() };
}

export const auctionListsController = {
  async myBids(req: Request, res: Response) {
    const props = await myBidsOf(req);
    await render(req, res, { title: 'My bids', body: () => <MyBidsPage {...props} />, fragment: () => <MyBidsList {...props} /> });
  },

  /** The live part of My bids alone (tabs, counts, table). */
  async myBidsList(req: Request, res: Response) {
    const props = await myBidsOf(req);
    await render(req, res, { title: 'My bids', body: () => <MyBidsList {...props} /> });
  },

  async sellerAuctions(req: Request, res: Response) {
    const props = await sellerAuctionsOf(req);
    await render(req, res, { title: 'Your auctions', body: () => <SellerAuctionsPage {...props} />, fragment: () => <SellerAuctionsList {...props} /> });
  },

  /** The live part of the seller's auctions alone. */
  async sellerAuctionsList(req: Request, res: Response) {
    const props = await sellerAuctionsOf(req);
    await render(req, res, { title: 'Your auctions', body: () => <SellerAuctionsList {...props} /> });
  },
};
