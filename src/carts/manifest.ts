import { cartsJobs } from '../../jobs/carts/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { cartsReactions } from './reactions.js';
import { cartsRoutes } from './routes.js';

/** What the carts domain plugs into the application. */
export const cartsDomain: DomainManifest = {
  name: 'carts',
  routes: cartsRoutes,
  reactions: cartsReactions,
  jobs: cartsJobs,
};
