import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config.js';

const FORMAT = /^[A-Za-z0-9_-]{24}$/;
const YEAR_MS = 365 * 24 * 3600_000;

/** The cookie that tells one anonymous browser apart (`__Host-` when cookies are Secure). */
export function visitorCookieName(config: Pick<Config, 'cookieSecure'>): string {
  return config.cookieSecure ? '__Host-souk.vid' : 'souk.vid';
}

/**
 * A stable random id for a browser that is not signed in, kept only in its own
 * cookie: the CSRF token of an anonymous visitor is bound to it (as a signed-in
 * user's is bound to the session id), and it dedupes their listing views. No
 * server state: a visitor who is only browsing costs no session write.
 */
export function visitorId(req: Request, config: Pick<Config, 'cookieSecure'>): string | undefined {
  if (req.visitorId) return req.visitorId;
  const v = (req.cookies as Record<string, unknown> | undefined)?.[visitorCookieName(config)];
  if (typeof v === 'string' && FORMAT.test(v)) req.visitorId = v;
  return req.visitorId;
}

/** The visitor id, issuing the cookie first when the browser has none. */
export function ensureVisitorId(req: Request, res: Response, config: Pick<Config, 'cookieSecure'>): string {
  const known = visitorId(req, config);
  if (known) return known;
  const id = randomBytes(18).toString('base64url');
  req.visitorId = id;
  res.cookie(visitorCookieName(config), id, { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', maxAge: YEAR_MS });
  return id;
}
