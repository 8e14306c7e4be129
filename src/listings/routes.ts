import type { Route } from '../http/route.js';

/** Every URL of the listings domain. */
export const listingsRoutes: Route[] = [];
