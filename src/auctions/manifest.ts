import { auctionsJobs } from '../../jobs/auctions/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { mergeReactions } from '../outbox/reaction.js';
import { auctionsDrafts } from './drafts.js';
import { auctionListReactions } from './list-reactions.js';
import { auctionListRoutes } from './list-routes.js';
import { auctionExtrasDrafts, auctionExtrasReactions } from './extras-drafts.js';
import { auctionExtrasRoutes } from './extras-routes.js';
import { auctionsReactions } from './reactions.js';
import { auctionsRoutes } from './routes.js';

/** What the auctions domain plugs into the application. */
export const auctionsDomain: DomainManifest = {
  name: 'auctions',
  routes: [...auctionsRoutes, ...auctionListRoutes, ...auctionExtrasRoutes],
  reactions: mergeReactions(auctionsReactions, auctionExtrasReactions, auctionListReactions),
  drafts: { ...auctionsDrafts, ...auctionExtrasDrafts },
  jobs: auctionsJobs,
};
