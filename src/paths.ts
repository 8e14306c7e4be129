import { listingsPaths } from './listings/paths.js';
import { mediaPaths } from './media/paths.js';
import { moderationPaths } from './moderation/paths.js';
import { searchPaths } from './search/paths.js';
import { storefrontPaths } from './storefront/paths.js';
import { walletsPaths } from './wallets/paths.js';
import { paymentsPaths } from './payments/paths.js';
import { payoutsPaths } from './payouts/paths.js';
import { refundsPaths } from './refunds/paths.js';
import { financePaths } from './finance/paths.js';
import { boostsPaths } from './boosts/paths.js';
import { documentsPaths } from './documents/paths.js';
import { cartsPaths } from './carts/paths.js';
import { addressesPaths } from './addresses/paths.js';
import { sellersPaths } from './sellers/paths.js';
import { commissionsPaths } from './commissions/paths.js';
import { ordersPaths } from './orders/paths.js';
import { disputesPaths } from './disputes/paths.js';
import { downloadsPaths } from './downloads/paths.js';

/** Named paths: views and redirects build URLs from here, never by hand. */
export const paths = {
  ...listingsPaths,
  ...mediaPaths,
  ...moderationPaths,
  ...searchPaths,
  ...storefrontPaths,
  ...walletsPaths,
  ...paymentsPaths,
  ...payoutsPaths,
  ...refundsPaths,
  ...financePaths,
  ...boostsPaths,
  ...documentsPaths,
  ...cartsPaths,
  ...addressesPaths,
  ...sellersPaths,
  ...commissionsPaths,
  ...ordersPaths,
  ...disputesPaths,
  ...downloadsPaths,

  signUp: () => '/signup',
  users: () => '/users',
  signIn: () => '/signin',
  session: () => '/session',
  nav: () => '/nav',
  events: () => '/events',
  notifications: () => '/notifications',
  notificationBadge: () => '/notifications/badge',
  notificationRead: (id: number | string) => `/notifications/${id}/read`,
  notificationsReadAll: () => '/notifications/read-all',
  sellerApplication: () => '/seller/application',
  adminHome: () => '/admin',
  adminApplications: () => '/admin/seller-applications',
  adminApplicationList: () => '/admin/seller-applications/list',
  adminApplication: (id: number | string) => `/admin/seller-applications/${id}`,
  adminApplicationApproval: (id: number | string) => `/admin/seller-applications/${id}/approval`,
  adminApplicationRejection: (id: number | string) => `/admin/seller-applications/${id}/rejection`,
  adminCounts: () => '/admin/counts',
  adminUsers: () => '/admin/users',
  adminUser: (id: number | string) => `/admin/users/${id}`,
  adminUserBlock: (id: number | string) => `/admin/users/${id}/block`,
  adminCategories: () => '/admin/categories',
  adminCategory: (id: number | string) => `/admin/categories/${id}`,
  adminCategoryName: (id: number | string) => `/admin/categories/${id}/name`,
  adminCategoryParent: (id: number | string) => `/admin/categories/${id}/parent`,
  adminCategoryRetirement: (id: number | string) => `/admin/categories/${id}/retirement`,
  adminCategoryAttributes: (id: number | string) => `/admin/categories/${id}/attributes`,
  adminCategoryAttribute: (id: number | string, attributeId: number | string) => `/admin/categories/${id}/attributes/${attributeId}`,
  adminQueues: () => '/admin/queues',
  healthz: () => '/healthz',
  readyz: () => '/readyz',
  metrics: () => '/metrics',
};
