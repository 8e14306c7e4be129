import { accountsDomain } from './accounts/manifest.js';
import { addressesDomain } from './addresses/manifest.js';
import { adminDomain } from './admin/manifest.js';
import { auctionsDomain } from './auctions/manifest.js';
import { boostsDomain } from './boosts/manifest.js';
import { cartsDomain } from './carts/manifest.js';
import { commissionsDomain } from './commissions/manifest.js';
import { conversationsDomain } from './conversations/manifest.js';
import { disputesDomain } from './disputes/manifest.js';
import { documentsDomain } from './documents/manifest.js';
import { wireDomains, type DomainManifest, type Wiring } from './domains/manifest.js';
import { downloadsDomain } from './downloads/manifest.js';
import { financeDomain } from './finance/manifest.js';
import { listingsDomain } from './listings/manifest.js';
import { mailDomain } from './mail/manifest.js';
import { mediaDomain } from './media/manifest.js';
import { moderationDomain } from './moderation/manifest.js';
import { notificationsDomain } from './notifications/manifest.js';
import { ordersDomain } from './orders/manifest.js';
import { outboxDomain } from './outbox/manifest.js';
import { paymentsDomain } from './payments/manifest.js';
import { payoutsDomain } from './payouts/manifest.js';
import { realtimeDomain } from './realtime/manifest.js';
import { refundsDomain } from './refunds/manifest.js';
import { searchDomain } from './search/manifest.js';
import { sellersDomain } from './sellers/manifest.js';
import { shopsDomain } from './shops/manifest.js';
import { storefrontDomain } from './storefront/manifest.js';
import { walletsDomain } from './wallets/manifest.js';

/**
 * Every domain, once. The order is the order routes are mounted in (a fixed
 * path such as /listings/new must come before /listings/:id), the order live
 * messages of one topic are published in, and the order webhook handlers of
 * one event type run in (a top-up before an order payment).
 */
export const domains: DomainManifest[] = [
  accountsDomain,
  realtimeDomain,
  notificationsDomain,
  mailDomain,
  sellersDomain,
  adminDomain,
  outboxDomain,
  listingsDomain,
  mediaDomain,
  moderationDomain,
  searchDomain,
  storefrontDomain,
  shopsDomain,
  walletsDomain,
  paymentsDomain,
  payoutsDomain,
  refundsDomain,
  financeDomain,
  boostsDomain,
  documentsDomain,
  cartsDomain,
  addressesDomain,
  commissionsDomain,
  downloadsDomain,
  ordersDomain,
  auctionsDomain,
  disputesDomain,
  conversationsDomain,
];

let wired: Wiring | undefined;

/**
 * The domains wired together, built and checked on first use (the web process
 * and the worker use it at start, so a duplicate stops them there). A function
 * rather than a constant: consumers such as notifications and payment webhooks
 * are themselves imported by the manifests, and read it only when they run.
 */
export function wiring(): Wiring {
  return (wired ??= wireDomains(domains));
}
