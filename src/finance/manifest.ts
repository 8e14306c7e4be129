import type { DomainManifest } from '../domains/manifest.js';
import { financeRoutes } from './routes.js';

/** What the finance domain plugs into the application. */
export const financeDomain: DomainManifest = {
  name: 'finance',
  routes: financeRoutes,
};
