import type { Route } from '../http/route.js';

/** Every URL of the moderation domain. */
export const moderationRoutes: Route[] = [];
