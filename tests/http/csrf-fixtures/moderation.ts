import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the moderation domain, keyed "method path" as in src/moderation/routes.ts. */
export const moderationFixtures: Record<string, Fixture> = {};
