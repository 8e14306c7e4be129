import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { paths } from '../paths.js';

/** The caller's X-Request-Id when it looks like one, else a new id; echoed in the answer. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

const own = Symbol('request logger');

/**
 * A request id on every request and answer, `req.log` carrying it, and (at
 * LOG_LEVEL info or finer) one access-log line per request. With the access
 * log off, `req.log` is made only when something logs (errors), so a request
 * that logs nothing costs no logger objects.
 */
export function requestLogging(log: Logger) {
  if (log.isLevelEnabled('info')) {
    return pinoHttp({
      logger: log,
      quietReqLogger: true,
      genReqId: requestId,
      autoLogging: { ignore: (req) => req.url === paths.healthz() || req.url === paths.readyz() || (req.url ?? '').startsWith('/static/') },
    });
  }
  const installed = new WeakSet<object>();
  type Logged = Request & { [own]?: Logger };
  return (req: Request, res: Response, next: NextFunction) => {
    // an accessor on this app's request prototype, defined once: nothing per request until it is read
    const proto = Object.getPrototypeOf(req) as object;
    if (!installed.has(proto)) {
      installed.add(proto);
      Object.defineProperty(proto, 'log', {
        configurable: true,
        get(this: Logged) {
          return (this[own] ??= log.child({ reqId: this.id }));
        },
        set(this: Logged, value: Logger) {
          this[own] = value;
        },
      });
    }
    req.id = requestId(req, res);
    next();
  };
}
