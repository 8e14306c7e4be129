import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { adminCounts } from '../admin/counts.js';
import { services } from '../deps.js';
import { LRUCache } from 'lru-cache';
import { Layout, usesHtmx, type PageContext } from '../../views/layouts/page.js';
import { hx } from './htmx.js';
import { existingSession } from './session.js';
import { cartCount } from '../carts/queries.js';
import { headerCartOwner } from '../carts/owner.js';
import { headerFigures } from './header-figures.js';

/** Builds what the layout needs: the user, a CSRF token, the flash, live counts. */
export async function pageContext(req: Request, res: Response): Promise<PageContext> {
  const s = services(req);
  const user = req.user;
  const csrf = s.csrfToken(req, res);
  const flash = existingSession(req)?.flash;
  if (flash) delete req.session.flash;
  // a signed-in user's cart is counted with the header's other figures; a visitor's only when they carry the cart marker cookie
  const visitorCartOwner = user ? null : headerCartOwner(req, s.config);
  const [figures, counts, visitorCart] = await Promise.all([
    user ? headerFigures(s.db, user.id, s.config.CURRENCY) : undefined,
    user?.is_admin ? adminCounts(s.db) : undefined,
    visitorCartOwner ? cartCount(s.db, visitorCartOwner) : 0,
  ]);
  return {
    user,
    csrf,
    flash,
    unread: figures?.unread ?? 0,
    adminCounts: counts,
    wallet: figures ? { available: figures.available, currency: s.config.CURRENCY } : undefined,
    cartCount: figures?.cart ?? visitorCart,
  };
}

/** What every HTML answer is (`res.type('html')` would look it up each time). */
const HTML = 'text/html; charset=utf-8';

/** HTML rendered earlier and kept as UTF-8 (e.g. beside cached search results), sent as it is. */
export type RenderedHtml = Buffer;

export interface View {
  title: string;
  /** the page body; `ctx` carries the CSRF token and user */
  body: (ctx: PageContext) => JSX.Element | RenderedHtml;
  /** what an htmx (non-boosted) request gets instead of the whole page; defaults to body */
  fragment?: (ctx: PageContext) => JSX.Element | RenderedHtml;
  status?: number;
  /** identifies a body given as RenderedHtml, so its ETag needs no hashing of the whole answer */
  tag?: string;
  /** the meta description and canonical URL of a page search engines should index */
  description?: string;
  canonical?: string;
  /** the public live streams the page listens to besides the viewer's own (see Layout) */
  streams?: string[];
}

/**
 * The one way to answer with HTML: a whole page for normal and boosted
 * requests, the bare fragment for other htmx requests.
 */
export async function render(req: Request, res: Response, view: View): Promise<void> {
  const ctx = await pageContext(req, res);
  let html: string | Buffer;
  // a history restore (back button with a cold cache) replaces the whole page
  if (req.htmx.request && !req.htmx.boosted && !req.htmx.historyRestore) {
    const fragment = (view.fragment ?? view.body)(ctx);
    html = Buffer.isBuffer(fragment) ? fragment : await fragment;
    if (view.tag && Buffer.isBuffer(fragment)) res.setHeader('ETag', `W/"${view.tag}"`);
  } else {
    const rendered = view.body(ctx);
    const body = Buffer.isBuffer(rendered) ? rendered : await rendered;
    // a signed-in page always has htmx (its header is live): only a visitor's body is looked through
    const htmx = ctx.user ? true : usesHtmx(body);
    // the shared visitor layout shows an empty cart: a visitor with something in theirs gets their own
    const shell = !ctx.user && !ctx.flash && !ctx.cartCount && CSRF_TOKEN.test(ctx.csrf) ? await visitorShell(view, htmx) : null;
    if (shell) {
      // the page is the kept body in the visitor's shell, which differs only by their CSRF token
      const parts = [shell.head, Buffer.from(ctx.csrf, 'latin1'), shell.middle, Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), shell.tail];
      if (view.tag && Buffer.isBuffer(body)) {
        res.setHeader('ETag', `W/"${view.tag}.${ctx.csrf.slice(-16)}"`);
        return sendParts(req, res, view.status ?? 200, parts);
      }
      html = Buffer.concat(parts);
    } else if (Buffer.isBuffer(body)) {
      const page = await layoutOf(view, ctx, BODY_MARK, htmx);
      const at = page.indexOf(BODY_MARK);
      html = Buffer.concat([Buffer.from(page.slice(0, at), 'utf8'), body, Buffer.from(page.slice(at + BODY_MARK.length), 'utf8')]);
    } else {
      html = await layoutOf(view, ctx, body, htmx);
    }
  }
  res.status(view.status ?? 200).setHeader('Content-Type', HTML);
  res.send(html);
}

/**
 * Sends an HTML answer made of several buffers without joining them (a kept page
 * in its shell): one write of them all, the same headers `send` would set, and a
 * 304 when the browser already has it (its ETag is set by the caller).
 */
function sendParts(req: Request, res: Response, status: number, parts: Buffer[]): void {
  res.status(status).type('html');
  if (req.fresh) {
    res.status(304).removeHeader('Content-Type');
    res.end();
    return;
  }
  let length = 0;
  for (const p of parts) length += p.length;
  res.setHeader('Content-Length', String(length));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.cork();
  for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]);
  res.end(parts[parts.length - 1]);
}

function layoutOf(view: View, ctx: PageContext, children: JSX.Element, htmx: boolean): JSX.Element {
  return (
    <Layout title={view.title} description={view.description} canonical={view.canonical} streams={view.streams} ctx={ctx} htmx={htmx}>
      {children}
    </Layout>
  );
}

// stand-ins while rendering a layout once for many requests: random per process, so no page content can imitate them
const BODY_MARK = `<!--${randomBytes(16).toString('hex')}-->`;
const CSRF_MARK = randomBytes(16).toString('hex');
/** what csrf-csrf issues (hmac.random, hex): needs no escaping in the attribute it goes into */
const CSRF_TOKEN = /^[0-9a-f]+\.[0-9a-f]+$/;

interface Shell {
  head: Buffer;
  middle: Buffer;
  tail: Buffer;
}

/**
 * The layout as every visitor who is not signed in and has no flash message
 * sees it, split around the two things that vary: their CSRF token and the
 * page body. Rendered once per title (description, canonical URL, streams, whether the body uses htmx).
 */
const visitorShells = new LRUCache<string, Shell | false>({ max: 500 });

async function visitorShell(view: View, htmx: boolean): Promise<Shell | null> {
  const key = `${view.title}\n${view.description ?? ''}\n${view.canonical ?? ''}\n${(view.streams ?? []).join(',')}\n${htmx}`;
  let shell = visitorShells.get(key);
  if (shell === undefined) {
    const page = await layoutOf(view, { user: null, csrf: CSRF_MARK, unread: 0 }, BODY_MARK, htmx);
    const [head, rest, ...more] = page.split(CSRF_MARK);
    const [middle, tail, ...after] = rest?.split(BODY_MARK) ?? [];
    // the layout changed shape (a second token, no body): render such pages in full
    shell = more.length || after.length || tail === undefined ? false : { head: Buffer.from(head, 'utf8'), middle: Buffer.from(middle, 'utf8'), tail: Buffer.from(tail, 'utf8') };
    visitorShells.set(key, shell);
  }
  return shell || null;
}

/** Sends one partial (htmx fragment or live re-fetch). */
export async function sendFragment(res: Response, html: JSX.Element, status = 200): Promise<void> {
  res.status(status).setHeader('Content-Type', HTML);
  res.send(await html);
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
