import type { Route } from '../http/route.js';

/** Every URL of the wallets domain. */
export const walletsRoutes: Route[] = [];
