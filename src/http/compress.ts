import type { Request, Response } from 'express';

/** Types worth compressing: text we render or serve. Anything else (downloads, photos, PDFs) goes as it is. */
const TEXT = /^(text\/(html|css|javascript|plain|csv|xml)|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)\s*(;|$)/i;

/**
 * What the compression middleware may compress: text answers (HTML, CSS, JS,
 * JSON, SVG), never an event stream and never a file a user downloads (its
 * length is announced, and a PDF or a photo is compressed already). A compressor
 * holds bytes back until it has enough to work with, so a live update would
 * reach the browser late or only with the next one.
 */
export function compressible(_req: Request, res: Response): boolean {
  return TEXT.test(String(res.getHeader('Content-Type') ?? ''));
}
