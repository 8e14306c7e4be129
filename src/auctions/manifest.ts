import { auctionsJobs } from '../../jobs/auctions/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { auctionsDrafts } from './drafts.js';
import { auctionsReactions } from './reactions.js';
import { auctionsRoutes } from './routes.js';

/** What the auctions domain plugs into the application. */
export const auctionsDomain: DomainManifest = {
  name: 'auctions',
  routes: auctionsRoutes,
  reactions: auctionsReactions,
  drafts: auctionsDrafts,
  jobs: auctionsJobs,
};
