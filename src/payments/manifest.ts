import { paymentsJobs } from '../../jobs/payments/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { paymentsRoutes } from './routes.js';

/** What the payments domain plugs into the application. */
export const paymentsDomain: DomainManifest = {
  name: 'payments',
  routes: paymentsRoutes,
  jobs: paymentsJobs,
};
