import type { Route } from '../http/route.js';

/** Every URL of the boosts domain. */
export const boostsRoutes: Route[] = [];
