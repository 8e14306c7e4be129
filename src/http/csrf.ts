import type { Request } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config.js';

/**
 * Double-submit CSRF tokens bound to the session id. Plain forms send `_csrf`;
 * htmx sends the `x-csrf-token` header set on <body hx-headers>.
 */
export function createCsrf(config: Config) {
  return doubleCsrf({
    getSecret: () => config.SESSION_SECRET,
    getSessionIdentifier: (req: Request) => req.sessionID ?? '',
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
