import type { RequestHandler } from 'express';
import { requireAdmin, requireUser } from './auth.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One URL Souk answers. Every domain declares its own in its manifest (`src/<domain>/manifest.ts`). */
export interface Route {
  method: Method;
  path: string;
  handlers: RequestHandler[];
}

/** Guards for the common roles. */
export const signedIn = [requireUser];
export const adminOnly = [requireUser, requireAdmin];
