import type { NextFunction, Request, Response } from 'express';
import { ErrorFlash, ErrorMessage, errorTitle } from '../../views/errors/error.js';
import { services } from '../deps.js';
import { asset } from './assets.js';
import { isClientAbort } from './aborts.js';
import { HttpError } from './errors.js';
import { hx } from './htmx.js';
import { inLocaleOf } from './locale.js';
import { render } from './render.js';

/** Postgres errors about text it cannot store (NUL, untranslatable characters). */
const BAD_TEXT = new Set(['22021', '22P05']);
/** Postgres errors about a value out of range or of the wrong form (a date, a number). */
const BAD_VALUE = new Set(['22003', '22007', '22008', '22P02']);

/** Postgres gave up a transaction that clashed with another one (a deadlock, a serialization failure): all of it was undone. */
const CLASH = new Set(['40P01', '40001']);

/** Longest message or stack kept in the log: a failed query's message carries its whole SQL. */
const LOGGED_TEXT = 1000;
const cap = (s: unknown) => (typeof s === 'string' && s.length > LOGGED_TEXT ? `${s.slice(0, LOGGED_TEXT)}… (${s.length - LOGGED_TEXT} more characters)` : s);

/** The error as it is logged: its kind, code and where it came from, with any long text (SQL) cut short. */
export function loggableError(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? cap(err) : err;
  const e = err as Error & { code?: unknown; status?: unknown; detail?: unknown; routine?: unknown };
  return { type: e.constructor?.name ?? 'Error', message: cap(e.message), stack: cap(e.stack), code: e.code, status: e.status, detail: cap(e.detail), routine: e.routine };
}

export function statusOf(err: unknown): { status: number; message: string; headers: Record<string, string> } {
  if (err instanceof HttpError) return { status: err.status, message: err.message, headers: err.headers };
  const e = err as { status?: number; statusCode?: number; code?: string; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (e?.code === 'EBADCSRFTOKEN') return { status: 403, message: 'This form has expired. Reload the page and try again.', headers: {} };
  // the last line behind validation: Postgres refused a value from the request, so nothing was written
  if (e?.code && BAD_TEXT.has(e.code)) return { status: 422, message: 'Some text contains an invisible or broken character (such as a NUL byte). Remove it and try again.', headers: {} };
  if (e?.code && BAD_VALUE.has(e.code)) return { status: 400, message: 'A value in the request is out of range or not understood.', headers: {} };
  if (e?.code && CLASH.has(e.code)) return { status: 503, message: 'Your request met another one at the same moment and was not finished. Please try again.', headers: { 'Retry-After': '1' } };
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
  if (isClientAbort(err)) {
    // the client went away mid-answer (a cancelled download, a closed tab): nothing to answer, nothing wrong here
    ((req as Request & { log?: { info: (o: unknown, m: string) => void } }).log ?? services(req).log).info({ url: req.originalUrl, code: (err as { code?: unknown })?.code }, 'client closed the connection');
    if (!res.writableEnded) res.destroy();
    return;
  }
  const { status, message, headers } = statusOf(err);
  const log = (req as Request & { log?: { error: (o: unknown, m: string) => void; info: (o: unknown, m: string) => void } }).log ?? services(req).log;
  if (status >= 500) log.error({ err: loggableError(err) }, 'request failed');
  else if (status === 400 || status === 422) log.info({ err: loggableError(err) }, 'request refused');
  if (res.headersSent) {
    res.end();
    return;
  }
  res.set(headers);
  // an error raised before the routes is answered outside the viewer's terms: the page (its header's wallet, say) still comes out in them
  await inLocaleOf(req, () => answerError(req, res, status, message));
}

async function answerError(req: Request, res: Response, status: number, message: string): Promise<void> {
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
    res.status(status).type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status} · Souk</title><link rel="stylesheet" href="${asset('app.css')}"></head><body><main id="main">${await (<ErrorMessage status={status} message={message} />)}</main></body></html>`);
  }
}
