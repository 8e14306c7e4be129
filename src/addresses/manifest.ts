import type { DomainManifest } from '../domains/manifest.js';
import { addressesRoutes } from './routes.js';

/** What the addresses domain plugs into the application. */
export const addressesDomain: DomainManifest = {
  name: 'addresses',
  routes: addressesRoutes,
};
