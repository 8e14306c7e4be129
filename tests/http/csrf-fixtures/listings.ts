import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the listings domain, keyed "method path" as in src/listings/routes.ts. */
export const listingsFixtures: Record<string, Fixture> = {};
