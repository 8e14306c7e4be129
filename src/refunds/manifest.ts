import { refundsJobs } from '../../jobs/refunds/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { refundsDrafts } from './drafts.js';
import { refundsReactions } from './reactions.js';
import { refundsRoutes } from './routes.js';
import { refundsWebhookHandlers } from './webhooks.js';

/** What the refunds domain plugs into the application. */
export const refundsDomain: DomainManifest = {
  name: 'refunds',
  routes: refundsRoutes,
  reactions: refundsReactions,
  drafts: refundsDrafts,
  jobs: refundsJobs,
  webhooks: refundsWebhookHandlers,
};
