import { documentsJobs } from '../../jobs/documents/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { documentsReactions } from './reactions.js';
import { documentsRoutes } from './routes.js';

/** What the documents domain plugs into the application. */
export const documentsDomain: DomainManifest = {
  name: 'documents',
  routes: documentsRoutes,
  reactions: documentsReactions,
  jobs: documentsJobs,
};
