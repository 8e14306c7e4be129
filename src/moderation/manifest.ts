import { moderationJobs } from '../../jobs/moderation/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { moderationDrafts } from './drafts.js';
import { moderationReactions } from './reactions.js';
import { moderationRoutes } from './routes.js';

/** What the moderation domain plugs into the application. */
export const moderationDomain: DomainManifest = {
  name: 'moderation',
  routes: moderationRoutes,
  reactions: moderationReactions,
  drafts: moderationDrafts,
  jobs: moderationJobs,
};
