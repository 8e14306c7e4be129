import type { Route } from '../http/route.js';

/** Every URL of the payments domain. */
export const paymentsRoutes: Route[] = [];
