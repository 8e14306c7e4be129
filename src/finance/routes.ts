import type { Route } from '../http/route.js';

/** Every URL of the finance domain. */
export const financeRoutes: Route[] = [];
