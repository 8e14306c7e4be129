import type { Route } from '../http/route.js';

/** Every URL of the payouts domain. */
export const payoutsRoutes: Route[] = [];
