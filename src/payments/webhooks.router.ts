import express, { type Router } from 'express';
import type { Deps } from '../deps.js';

/**
 * Gateway webhooks. Mounted before the session, CSRF and body parsers: the signature is
 * checked over the raw body, and the sender is the gateway, not a browser.
 */
export function webhooksRouter(_deps: Deps): Router {
  const router = express.Router();
  return router;
}
