import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Step = readonly [name: string, value: string | null];

/**
 * Helmet's headers, worked out once per process. With static options (no
 * per-request CSP nonce) helmet sets the same headers on every answer, yet it
 * runs a dozen middleware functions and rebuilds their values each time; here
 * helmet runs once against a recording response at start, and each request gets
 * the recorded headers in one loop. Options that make a header depend on the
 * request (a directive given as a function) are refused rather than frozen.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  for (const value of Object.values(typeof options.contentSecurityPolicy === 'object' ? (options.contentSecurityPolicy.directives ?? {}) : {})) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'function')) throw new Error('securityHeaders: a CSP directive computed per request needs helmet itself');
  }
  const steps: Step[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      steps.push([name, null]);
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  const frozen = Object.freeze(steps.map((s) => Object.freeze(s)));
  return (_req: Request, res: Response, next: NextFunction) => {
    for (let i = 0; i < frozen.length; i++) {
      const [name, value] = frozen[i];
      if (value === null) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
