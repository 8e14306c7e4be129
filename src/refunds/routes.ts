import type { Route } from '../http/route.js';

/** Every URL of the refunds domain. */
export const refundsRoutes: Route[] = [];
