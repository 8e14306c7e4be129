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

export function readHtmx(req: Request, _res: Response, next: NextFunction): void {
  const h = (n: string) => {
    const v = req.get(n);
    return v === undefined ? null : v;
  };
  req.htmx = {
    request: h('HX-Request') === 'true',
    boosted: h('HX-Boosted') === 'true',
    target: h('HX-Target'),
    trigger: h('HX-Trigger'),
    currentUrl: h('HX-Current-URL'),
    historyRestore: h('HX-History-Restore-Request') === 'true',
  };
  _res.vary('HX-Request');
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
