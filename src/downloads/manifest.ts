import type { DomainManifest } from '../domains/manifest.js';
import { downloadsRoutes } from './routes.js';

/** What the downloads domain plugs into the application. */
export const downloadsDomain: DomainManifest = {
  name: 'downloads',
  routes: downloadsRoutes,
};
