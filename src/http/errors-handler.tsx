import type { NextFunction, Request, Response } from 'express';
import { ErrorFlash, ErrorMessage, errorTitle } from '../../views/errors/error.js';
import { services } from '../deps.js';
import { HttpError } from './errors.js';
import { hx } from './htmx.js';
import { render } from './render.js';

function statusOf(err: unknown): { status: number; message: string; headers: Record<string, string> } {
  if (err instanceof HttpError) return { status: err.status, message: err.message, headers: err.headers };
  const e = err as { status?: number; statusCode?: number; code?: string; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (e?.code === 'EBADCSRFTOKEN') return { status: 403, message: 'This form has expired. Reload the page and try again.', headers: {} };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = status === 413 ? 'That upload is too large.' : status === 404 ? 'That page could not be found.' : 'The request could not be understood.';
    return { status, message, headers: {} };
  }
  return { status: 500, message: 'Something went wrong on our side. Please try again in a moment.', headers: {} };
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'That page could not be found.'));
}

/**
 * The last middleware: every error becomes a page (or, for htmx, a message
 * swapped into #flash). Stack traces go to the log, never to the user.
 */
export async function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> {
  const { status, message, headers } = statusOf(err);
  const log = (req as Request & { log?: { error: (o: unknown, m: string) => void } }).log ?? services(req).log;
  if (status >= 500) log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  res.set(headers);
  try {
    if (req.htmx?.request && !req.htmx.boosted) {
      hx.retarget(res, '#flash');
      res.status(status).type('html').send(await (<ErrorFlash status={status} message={message} />));
      return;
    }
    if (!req.user && req.session === undefined) throw new Error('no session');
    await render(req, res, { title: errorTitle(status), body: () => <ErrorMessage status={status} message={message} />, status });
  } catch {
    // the page machinery itself failed (e.g. database down): a bare page
    res.status(status).type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status} · Souk</title><link rel="stylesheet" href="/static/app.css"></head><body><main id="main">${await (<ErrorMessage status={status} message={message} />)}</main></body></html>`);
  }
}
