import type { Route } from '../http/route.js';

/** Every URL of the media domain. */
export const mediaRoutes: Route[] = [];
