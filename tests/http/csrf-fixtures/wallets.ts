import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the wallets domain, keyed "method path" as in src/wallets/routes.ts. */
export const walletsFixtures: Record<string, Fixture> = {};
