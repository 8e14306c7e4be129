import { walletsJobs } from '../../jobs/wallets/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { walletsReactions } from './reactions.js';
import { walletsRoutes } from './routes.js';
import { topupWebhookHandlers } from './topups.js';

/** What the wallets domain plugs into the application. */
export const walletsDomain: DomainManifest = {
  name: 'wallets',
  routes: walletsRoutes,
  reactions: walletsReactions,
  jobs: walletsJobs,
  webhooks: topupWebhookHandlers,
};
