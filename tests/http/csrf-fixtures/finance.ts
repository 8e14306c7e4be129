import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the finance domain, keyed "method path" as in src/finance/routes.ts. */
export const financeFixtures: Record<string, Fixture> = {};
