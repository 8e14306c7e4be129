import type { Route } from '../http/route.js';

/** Every URL of the search domain. */
export const searchRoutes: Route[] = [];
