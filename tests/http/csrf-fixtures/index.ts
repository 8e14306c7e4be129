import type { Fixture } from './types.js';
import { accountsFixtures } from './accounts.js';
import { addressesFixtures } from './addresses.js';
import { auctionListsFixtures } from './auction-lists.js';
import { auctionsFixtures } from './auctions.js';
import { boostsFixtures } from './boosts.js';
import { buyerOrdersFixtures } from './buyer-orders.js';
import { cartsFixtures } from './carts.js';
import { commissionsFixtures } from './commissions.js';
import { conversationsFixtures } from './conversations.js';
import { coreFixtures } from './core.js';
import { disputesFixtures } from './disputes.js';
import { downloadsFixtures } from './downloads.js';
import { financeFixtures } from './finance.js';
import { listingsFixtures } from './listings.js';
import { mailFixtures } from './mail.js';
import { mediaFixtures } from './media.js';
import { moderationFixtures } from './moderation.js';
import { paymentsFixtures } from './payments.js';
import { payoutsFixtures } from './payouts.js';
import { refundsFixtures } from './refunds.js';
import { searchFixtures } from './search.js';
import { sellerOrdersFixtures } from './seller-orders.js';
import { sellersFixtures } from './sellers.js';
import { shopsFixtures } from './shops.js';
import { walletsFixtures } from './wallets.js';

/** Every domain's fixtures for its unsafe routes, keyed "method path" as in the domains' routes: the CSRF, bad-input and authorization tests share them. */
export const domainFixtures: Record<string, Fixture> = {
  ...coreFixtures,
  ...accountsFixtures,
  ...addressesFixtures,
  ...auctionListsFixtures,
  ...auctionsFixtures,
  ...boostsFixtures,
  ...buyerOrdersFixtures,
  ...cartsFixtures,
  ...commissionsFixtures,
  ...conversationsFixtures,
  ...disputesFixtures,
  ...downloadsFixtures,
  ...financeFixtures,
  ...listingsFixtures,
  ...mailFixtures,
  ...mediaFixtures,
  ...moderationFixtures,
  ...paymentsFixtures,
  ...payoutsFixtures,
  ...refundsFixtures,
  ...searchFixtures,
  ...sellerOrdersFixtures,
  ...sellersFixtures,
  ...shopsFixtures,
  ...walletsFixtures,
};
