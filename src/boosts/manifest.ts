import { boostsJobs } from '../../jobs/boosts/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { boostsDrafts } from './drafts.js';
import { boostsReactions } from './reactions.js';
import { boostsRoutes } from './routes.js';

/** What the boosts domain plugs into the application. */
export const boostsDomain: DomainManifest = {
  name: 'boosts',
  routes: boostsRoutes,
  reactions: boostsReactions,
  drafts: boostsDrafts,
  jobs: boostsJobs,
};
