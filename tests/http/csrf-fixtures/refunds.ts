import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the refunds domain, keyed "method path" as in src/refunds/routes.ts. */
export const refundsFixtures: Record<string, Fixture> = {};
