import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the media domain, keyed "method path" as in src/media/routes.ts. */
export const mediaFixtures: Record<string, Fixture> = {};
