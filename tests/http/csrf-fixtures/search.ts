import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the search domain, keyed "method path" as in src/search/routes.ts. */
export const searchFixtures: Record<string, Fixture> = {};
