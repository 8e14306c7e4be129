import type { Request } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config.js';
import { visitorId } from './visitor.js';

/**
 * Double-submit CSRF tokens bound to the session id of a signed-in user, and to
 * the visitor cookie of anyone else (so browsing anonymously needs no stored
 * session). Plain forms send `_csrf`; htmx sends the `x-csrf-token` header set
 * on <body hx-headers>. Tokens are issued through `csrfToken` in app.ts, which
 * gives an anonymous browser its visitor cookie first.
 */
export function createCsrf(config: Config) {
  return doubleCsrf({
    getSecret: () => config.SESSION_SECRET,
    // prefixed by kind, so a visitor id can never stand in for a session id
    getSessionIdentifier: (req: Request) => (req.user ? `s:${req.sessionID}` : `v:${visitorId(req, config) ?? ''}`),
    cookieName: config.cookieSecure ? '__Host-souk.csrf' : 'souk.csrf',
    cookieOptions: { sameSite: 'lax', secure: config.cookieSecure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const header = req.get('x-csrf-token');
      if (header) return header;
      const body = req.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
    errorConfig: { statusCode: 403, message: 'This form has expired. Reload the page and try again.', code: 'EBADCSRFTOKEN' },
  });
}
