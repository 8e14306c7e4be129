import type { Request, Response } from 'express';
import { services } from '../deps.js';
import { HttpError } from '../http/errors.js';
import { MAX_STREAMS } from './streams.js';

/**
 * GET /events?streams=a,b — the one SSE endpoint. Public streams are open to
 * visitors; private ones need the session cookie and are authorized per viewer.
 */
export function eventsEndpoint(req: Request, res: Response): void {
  const requested = typeof req.query.streams === 'string' ? req.query.streams.split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX_STREAMS) : [];
  const result = services(req).hub.connect(req, res, req.user ?? null, requested);
  if (result === 'unauthorized') throw new HttpError(401, 'Please sign in to continue.');
  if (result === 'forbidden') throw new HttpError(403, 'You may not listen to that stream.');
}
