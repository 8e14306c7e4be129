import { payoutsJobs } from '../../jobs/payouts/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { payoutsDrafts } from './drafts.js';
import { payoutsReactions } from './reactions.js';
import { payoutsRoutes } from './routes.js';
import { payoutsWebhookHandlers } from './webhooks.js';

/** What the payouts domain plugs into the application. */
export const payoutsDomain: DomainManifest = {
  name: 'payouts',
  routes: payoutsRoutes,
  reactions: payoutsReactions,
  drafts: payoutsDrafts,
  jobs: payoutsJobs,
  webhooks: payoutsWebhookHandlers,
};
