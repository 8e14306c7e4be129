import type { Route } from '../http/route.js';
import { paths } from '../paths.js';
import { hostedController as hosted } from './hosted.controller.js';

/**
 * Every URL of the payments domain: the local test gateway's hosted page. The webhook
 * endpoint is not here — it is mounted before the session and CSRF middleware (src/app.ts)
 * because its sender is the gateway, and its signature is its authentication.
 */
export const paymentsRoutes: Route[] = [
  { method: 'get', path: paths.gatewayPay(':id'), handlers: [hosted.show] },
  { method: 'post', path: paths.gatewayPay(':id'), handlers: [hosted.pay] },
  { method: 'post', path: paths.gatewayAuthentication(':id'), handlers: [hosted.authenticate] },
];
