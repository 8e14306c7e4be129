import type { Config } from '../config.js';

/** The auction terms this deployment runs with. */
export interface AuctionSettings {
  /** a maximum above this (minor units) must be covered by the bidder's wallet */
  verifiedAbove: number;
  /** days a winner has to pay for the order */
  paymentDays: number;
  /** the order terms a won auction is placed with */
  shipDays: number;
  escrowDays: number;
}

export const auctionSettings = (config: Config): AuctionSettings => ({
  verifiedAbove: config.AUCTION_VERIFIED_ABOVE,
  paymentDays: config.AUCTION_PAYMENT_DAYS,
  shipDays: config.ORDER_SHIP_DAYS,
  escrowDays: config.ESCROW_RELEASE_DAYS,
});
