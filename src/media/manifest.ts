import { mediaJobs } from '../../jobs/media/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { mediaRoutes } from './routes.js';

/** What the media domain plugs into the application. */
export const mediaDomain: DomainManifest = {
  name: 'media',
  routes: mediaRoutes,
  jobs: mediaJobs,
};
