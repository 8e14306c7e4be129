import type { NextFunction, Request, Response } from 'express';
import { TIME_ZONE_COOKIE, resolveLocale, resolveTimeZone, withLocale, type ViewerLocale } from '../lib/locale.js';

/**
 * Reads the viewer's locale (Accept-Language) and time zone (the `tz` cookie
 * static/tz.js sets) into `req.viewer`. After cookie-parser.
 */
export function viewerLocale(req: Request, _res: Response, next: NextFunction): void {
  const viewer: ViewerLocale = {
    locale: resolveLocale(req.headers['accept-language'] ? req.acceptsLanguages() : []),
    timeZone: resolveTimeZone((req.cookies as Record<string, unknown> | undefined)?.[TIME_ZONE_COOKIE]),
  };
  req.viewer = viewer;
  next();
}

/**
 * Answers the rest of the request in the viewer's terms, so dates and money in
 * any view, flash or message come out in them. Mounted just before the routes:
 * the layers above it (session, user, CSRF) format nothing, and every promise
 * made inside the locale's context costs more (it carries the context along),
 * so the session and user lookups run outside it. Anything that answers before
 * the routes (kept search pages, the error handler) enters it with `inLocaleOf`.
 */
export function answerInViewerLocale(req: Request, _res: Response, next: NextFunction): void {
  inLocaleOf(req, next);
}

/** Runs `fn` in the request's viewer's terms (the defaults before they are known). */
export function inLocaleOf<T>(req: Request, fn: () => T): T {
  return req.viewer ? withLocale(req.viewer, fn) : fn();
}

/** What a page kept for many visitors must be kept apart by: the same page reads differently in another locale or zone. */
export function localeKey(req: Request): string {
  return req.viewer ? `${req.viewer.locale}|${req.viewer.timeZone}` : '';
}
