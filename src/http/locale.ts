import type { NextFunction, Request, Response } from 'express';
import { TIME_ZONE_COOKIE, resolveLocale, resolveTimeZone, withLocale, type ViewerLocale } from '../lib/locale.js';

/**
 * Reads the viewer's locale (Accept-Language) and time zone (the `tz` cookie
 * static/tz.js sets) and answers the rest of the request in them, so dates and
 * money in any view come out in the viewer's terms. After cookie-parser.
 */
export function viewerLocale(req: Request, _res: Response, next: NextFunction): void {
  const viewer: ViewerLocale = {
    locale: resolveLocale(req.headers['accept-language'] ? req.acceptsLanguages() : []),
    timeZone: resolveTimeZone((req.cookies as Record<string, unknown> | undefined)?.[TIME_ZONE_COOKIE]),
  };
  req.viewer = viewer;
  withLocale(viewer, next);
}

/** What a page kept for many visitors must be kept apart by: the same page reads differently in another locale or zone. */
export function localeKey(req: Request): string {
  return req.viewer ? `${req.viewer.locale}|${req.viewer.timeZone}` : '';
}
