import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import type { Queues } from '../queue.js';
import { paths } from '../paths.js';
import { HttpError } from '../http/errors.js';

/** The queue dashboard (queues, failed jobs, retry), for admins only. */
export function queueDashboard(queues: Queues) {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(paths.adminQueues());
  createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Souk queues' } } });
  return adapter.getRouter();
}

/**
 * The dashboard's bundled UI sets inline styles; only its pages may use them.
 * Scripts stay same-origin only, and its web-font request is simply refused.
 */
export function dashboardCsp(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';frame-ancestors 'none';object-src 'none';base-uri 'self';form-action 'self'",
  );
  next();
}

/**
 * The dashboard's own scripts cannot send our CSRF token, so its unsafe API calls
 * must come from this origin (Sec-Fetch-Site / Origin), as OWASP's header check allows.
 */
export function sameOriginOnly(req: Request, _res: Response, next: NextFunction): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const host = req.get('host');
  let sameOrigin = site === 'same-origin';
  if (!sameOrigin && origin && host) {
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  }
  next(sameOrigin ? undefined : new HttpError(403, 'This form has expired. Reload the page and try again.'));
}
