import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Session, SessionData } from 'express-session';

const pending = Symbol('session not started');

type LazyRequest = Request & { [pending]?: true };

/**
 * express-session, started when a request first needs it. A request carrying
 * the session cookie loads its session up front, as usual. One without it (a
 * visitor who is only browsing) gets `req.session` made on first use: writing
 * to it (a flash message, signing in) starts a real session exactly as
 * express-session would have, and a request that never touches it costs
 * nothing. express-session starts a session for a cookieless request
 * synchronously, which is what lets this happen inside a property read.
 *
 * `req.session` becomes an accessor on the app's request prototype (installed
 * once per app), so a cookieless request costs one flag, not a property definition.
 */
export function lazySession(middleware: RequestHandler, cookieName: string): RequestHandler {
  const installed = new WeakSet<object>();

  function start(req: LazyRequest): void {
    delete req[pending];
    let called = false;
    let failed: unknown;
    void middleware(req, req.res!, (err?: unknown) => {
      called = true;
      failed = err;
    });
    if (failed) throw failed;
    if (!called) throw new Error('the session did not start synchronously');
  }

  function install(proto: object): void {
    installed.add(proto);
    Object.defineProperty(proto, 'session', {
      configurable: true,
      enumerable: false,
      get(this: LazyRequest) {
        if (!this[pending]) return undefined;
        start(this);
        return (this as { session?: unknown }).session;
      },
      // express-session assigns and deletes `req.session` itself: an assignment makes it the request's own
      set(this: LazyRequest, value: unknown) {
        delete this[pending];
        Object.defineProperty(this, 'session', { value, writable: true, configurable: true, enumerable: true });
      },
    });
  }

  return (req: LazyRequest, res: Response, next: NextFunction) => {
    const proto = Object.getPrototypeOf(req) as object;
    if (!installed.has(proto)) install(proto);
    if ((req.cookies as Record<string, unknown> | undefined)?.[cookieName] !== undefined) return middleware(req, res, next);
    req[pending] = true;
    next();
  };
}

/** The request's session when it has one already, without starting one. */
export function existingSession(req: Request): (Session & Partial<SessionData>) | undefined {
  return (req as LazyRequest)[pending] ? undefined : req.session;
}
