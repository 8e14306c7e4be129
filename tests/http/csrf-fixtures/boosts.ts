import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the boosts domain, keyed "method path" as in src/boosts/routes.ts. */
export const boostsFixtures: Record<string, Fixture> = {};
