import type { NextFunction, Request, Response } from 'express';

/** What htmx told us about a request (its HX-* headers). */
export interface HtmxRequest {
  /** the request was made by htmx */
  request: boolean;
  /** made by an hx-boost link or form: answer with a whole page */
  boosted: boolean;
  target: string | null;
  trigger: string | null;
  currentUrl: string | null;
  historyRestore: boolean;
}

export function readHtmx(req: Request, res: Response, next: NextFunction): void {
  const h = req.headers;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : null);
  req.htmx = {
    request: h['hx-request'] === 'true',
    boosted: h['hx-boosted'] === 'true',
    target: one(h['hx-target']),
    trigger: one(h['hx-trigger']),
    currentUrl: one(h['hx-current-url']),
    historyRestore: h['hx-history-restore-request'] === 'true',
  };
  // the same URL answers a page or a fragment: caches must keep them apart
  if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'HX-Request');
  else res.vary('HX-Request');
  next();
}

/** Response headers htmx understands. */
export const hx = {
  redirect(res: Response, url: string): void {
    res.set('HX-Redirect', url);
  },
  trigger(res: Response, events: Record<string, unknown> | string): void {
    res.set('HX-Trigger', typeof events === 'string' ? events : JSON.stringify(events));
  },
  retarget(res: Response, selector: string, swap = 'innerHTML'): void {
    res.set('HX-Retarget', selector);
    res.set('HX-Reswap', swap);
  },
  pushUrl(res: Response, url: string): void {
    res.set('HX-Push-Url', url);
  },
};
