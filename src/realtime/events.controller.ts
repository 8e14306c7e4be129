import type { Request, Response } from 'express';
import { services } from '../deps.js';
import { HttpError } from '../http/errors.js';

/** GET /events?streams=a,b — the one SSE endpoint, authenticated by the session cookie. */
export function eventsEndpoint(req: Request, res: Response): void {
  if (!req.user) throw new HttpError(401, 'Please sign in to continue.');
  const requested = typeof req.query.streams === 'string' ? req.query.streams.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 10) : [];
  const result = services(req).hub.connect(req, res, req.user, requested);
  if (result === 'forbidden') throw new HttpError(403, 'You may not listen to that stream.');
}
