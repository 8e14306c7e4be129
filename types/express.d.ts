import 'express-serve-static-core';
import 'express-session';
import type { HtmxRequest } from '../src/http/htmx.js';
import type { CurrentUser } from '../src/accounts/queries.js';
import type { ViewerLocale } from '../src/lib/locale.js';

declare module 'express-serve-static-core' {
  interface Request {
    htmx: HtmxRequest;
    user: CurrentUser | null;
    /** an anonymous browser's id from its visitor cookie (src/http/visitor.ts), once read or issued */
    visitorId?: string;
    /** the viewer's locale and time zone (src/http/locale.ts) */
    viewer?: ViewerLocale;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** ms since epoch when the user signed in; enforces the absolute timeout */
    signedInAt: number;
    flash: { kind: 'info' | 'error'; text: string };
  }
}
