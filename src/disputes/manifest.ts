import { disputesJobs } from '../../jobs/disputes/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { disputesDrafts } from './drafts.js';
import { disputesReactions } from './reactions.js';
import { disputesRoutes } from './routes.js';

/** What the disputes domain plugs into the application. */
export const disputesDomain: DomainManifest = {
  name: 'disputes',
  routes: disputesRoutes,
  reactions: disputesReactions,
  drafts: disputesDrafts,
  jobs: disputesJobs,
};
