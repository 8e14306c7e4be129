import type { Request, Response } from 'express';
import { unreadCount } from '../notifications/queries.js';
import { adminCounts } from '../admin/counts.js';
import { balances } from '../ledger/ledger.js';
import { services } from '../deps.js';
import { Layout, type PageContext } from '../../views/layouts/page.js';
import { hx } from './htmx.js';

/** Builds what the layout needs: the user, a CSRF token, the flash, live counts. */
export async function pageContext(req: Request, res: Response): Promise<PageContext> {
  const s = services(req);
  const user = req.user;
  // an anonymous visitor given a form needs a stable session for the CSRF binding
  if (!user && !req.session.visitor) req.session.visitor = true;
  const csrf = s.csrfToken(req, res);
  const flash = req.session.flash;
  if (flash) delete req.session.flash;
  const [unread, counts, wallet] = await Promise.all([
    user ? unreadCount(s.db, user.id) : 0,
    user?.is_admin ? adminCounts(s.db) : undefined,
    user ? balances(s.db, user.id, s.config.CURRENCY) : undefined,
  ]);
  return { user, csrf, flash, unread, adminCounts: counts, wallet };
}

export interface View {
  title: string;
  /** the page body; `ctx` carries the CSRF token and user */
  body: (ctx: PageContext) => JSX.Element;
  /** what an htmx (non-boosted) request gets instead of the whole page; defaults to body */
  fragment?: (ctx: PageContext) => JSX.Element;
  status?: number;
  /** the meta description and canonical URL of a page search engines should index */
  description?: string;
  canonical?: string;
}

/**
 * The one way to answer with HTML: a whole page for normal and boosted
 * requests, the bare fragment for other htmx requests.
 */
export async function render(req: Request, res: Response, view: View): Promise<void> {
  const ctx = await pageContext(req, res);
  let html: string;
  // a history restore (back button with a cold cache) replaces the whole page
  if (req.htmx.request && !req.htmx.boosted && !req.htmx.historyRestore) {
    html = await (view.fragment ?? view.body)(ctx);
  } else {
    html = await (<Layout title={view.title} description={view.description} canonical={view.canonical} ctx={ctx}>{view.body(ctx)}</Layout>);
  }
  res.status(view.status ?? 200).type('html').send(html);
}

/** Sends one partial (htmx fragment or live re-fetch). */
export async function sendFragment(res: Response, html: JSX.Element, status = 200): Promise<void> {
  res.status(status).type('html').send(await html);
}

/** Post-redirect-get: a 303 for plain forms, HX-Redirect for htmx. */
export function redirect(req: Request, res: Response, url: string, flash?: { kind: 'info' | 'error'; text: string }): void {
  if (flash) req.session.flash = flash;
  if (req.htmx.request) {
    hx.redirect(res, url);
    res.status(200).end();
  } else {
    res.redirect(303, url);
  }
}
