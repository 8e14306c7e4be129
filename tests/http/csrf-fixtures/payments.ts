import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the payments domain, keyed "method path" as in src/payments/routes.ts. */
export const paymentsFixtures: Record<string, Fixture> = {};
