import compression from 'compression';
import type { Request, Response } from 'express';

/**
 * What the compression middleware may compress: text answers (HTML, CSS, JS,
 * JSON) as its default filter decides, never an event stream. A compressor
 * holds bytes back until it has enough to work with, so a live update would
 * reach the browser late or only with the next one.
 */
export function compressible(req: Request, res: Response): boolean {
  const type = String(res.getHeader('Content-Type') ?? '');
  if (type.startsWith('text/event-stream')) return false;
  return compression.filter(req, res);
}
