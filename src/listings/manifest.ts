import type { DomainManifest } from '../domains/manifest.js';
import { listingsReactions } from './reactions.js';
import { listingsRoutes } from './routes.js';

/** What the listings domain plugs into the application. */
export const listingsDomain: DomainManifest = {
  name: 'listings',
  routes: listingsRoutes,
  reactions: listingsReactions,
};
