import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { services } from '../deps.js';
import { inLocaleOf, localeKey } from '../http/locale.js';
import { render } from '../http/render.js';

/** The key a visitor's search page is kept under: the htmx fragment or the whole page, the locale, and the URL. */
export function visitorPageKey(req: Request): string {
  const fragment = req.htmx.request && !req.htmx.boosted && !req.htmx.historyRestore;
  // dates and money on the page are in the visitor's locale and time zone
  return `${fragment ? 'fragment' : 'page'}\n${localeKey(req)}\n${req.originalUrl}`;
}

const SEARCH_PATH = /^\/(search|c\/[^/]+)$/;

/**
 * Search and category pages kept for visitors (decision 014), answered before the
 * session, CSRF and routing layers: a GET without a session cookie whose page is
 * kept for the current search generation gets it straight away, with its own CSRF
 * token, after the same headers, metrics and rate limit as any request. Anything
 * else, and every miss, goes on to the search controller, which keeps the page.
 */
export function keptSearchPages(sessionCookie: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !SEARCH_PATH.test(req.path) || req.originalUrl.length > 2000) return next();
    if ((req.cookies as Record<string, unknown> | undefined)?.[sessionCookie] !== undefined) return next();
    const cache = services(req).searchCache;
    if (!cache.enabled) return next();
    cache.generation().then((generation) => {
      const kept = cache.page(generation, visitorPageKey(req));
      if (!kept) return next();
      req.user = null;
      return inLocaleOf(req, () => render(req, res, { title: kept.title, tag: kept.tag, body: () => kept.html }));
    }, next).catch(next);
  };
}
