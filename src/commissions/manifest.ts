import type { DomainManifest } from '../domains/manifest.js';
import { commissionsRoutes } from './routes.js';

/** What the commissions domain plugs into the application. */
export const commissionsDomain: DomainManifest = {
  name: 'commissions',
  routes: commissionsRoutes,
};
