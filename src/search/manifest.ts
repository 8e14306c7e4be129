import { searchJobs } from '../../jobs/search/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { searchRoutes } from './routes.js';

/** What the search domain plugs into the application. */
export const searchDomain: DomainManifest = {
  name: 'search',
  routes: searchRoutes,
  jobs: searchJobs,
};
