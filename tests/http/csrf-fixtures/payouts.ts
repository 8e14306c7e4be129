import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the payouts domain, keyed "method path" as in src/payouts/routes.ts. */
export const payoutsFixtures: Record<string, Fixture> = {};
