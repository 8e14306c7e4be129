import type { NextFunction, Request, Response } from 'express';
import { services } from '../deps.js';
import { HttpError } from '../http/errors.js';
import { take, type Limits } from '../http/ratelimit.js';
import { paths } from '../paths.js';
import { isPublicStream, MAX_STREAMS } from './streams.js';

function requestedStreams(req: Request): string[] {
  const q = req.query.streams;
  return typeof q === 'string' ? q.split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX_STREAMS) : [];
}

/**
 * GET /events?streams=a,b — the one SSE endpoint. Public streams are open to
 * visitors; private ones need the session cookie and are authorized per viewer.
 */
export function eventsEndpoint(req: Request, res: Response): void {
  const result = services(req).hub.connect(req, res, req.user ?? null, requestedStreams(req));
  if (result === 'unauthorized') throw new HttpError(401, 'Please sign in to continue.');
  if (result === 'forbidden') throw new HttpError(403, 'You may not listen to that stream.');
}

/**
 * GET /events asking only for public streams (a visitor watching an auction),
 * answered ahead of the page middleware: such a stream needs no session, user,
 * CSRF token, locale or compression, and an open stream would otherwise keep
 * what each of those attached to its request and response for as long as it is
 * open (thousands of watchers per process). It is rate limited like any request.
 * Anything else (a private stream, a stream name that is not public) goes on
 * to the full stack and `eventsEndpoint`.
 */
export function publicEventsGate(limits: Limits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || !req.url.startsWith(`${paths.events()}?`)) return next();
    const requested = requestedStreams(req);
    if (requested.length === 0 || !requested.every(isPublicStream)) return next();
    void take(limits.general, req.ip ?? 'unknown').then(
      (refused) => {
        if (refused) {
          res.status(refused.status).set(refused.headers).type('text').send(refused.message);
          return;
        }
        res.setHeader('X-Content-Type-Options', 'nosniff');
        services(req).hub.connect(req, res, null, requested);
      },
      (err: unknown) => next(err),
    );
  };
}
