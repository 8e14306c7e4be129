import { ordersJobs } from '../../jobs/orders/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { adminOrderRoutes } from './admin-routes.js';
import { ordersDrafts } from './drafts.js';
import { ordersWebhookHandlers } from './payment.js';
import { ordersReactions } from './reactions.js';
import { buyerOrderRoutes } from './routes.js';
import { sellerOrderRoutes } from './seller-routes.js';

/** What the orders domain plugs into the application. */
export const ordersDomain: DomainManifest = {
  name: 'orders',
  routes: [...buyerOrderRoutes, ...sellerOrderRoutes, ...adminOrderRoutes],
  reactions: ordersReactions,
  drafts: ordersDrafts,
  jobs: ordersJobs,
  webhooks: ordersWebhookHandlers,
};
