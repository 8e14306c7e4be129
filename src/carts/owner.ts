import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { ensureVisitorId, visitorId } from '../http/visitor.js';
import type { CartOwner } from './queries.js';
import { mergeVisitorCart } from './visitors.js';

const MONTH_MS = 30 * 86_400_000;

/**
 * A marker cookie a visitor gets while their cart has something in it. Pages for
 * visitors without it need no cart lookup (and may be served from the kept
 * search pages and the shared layout); with it, the header shows their count.
 * It holds no data: the cart is found by the visitor cookie.
 */
export function cartCookieName(config: Pick<Config, 'cookieSecure'>): string {
  return config.cookieSecure ? '__Host-souk.cart' : 'souk.cart';
}

export function hasCartCookie(req: Request, config: Pick<Config, 'cookieSecure'>): boolean {
  return (req.cookies as Record<string, unknown> | undefined)?.[cartCookieName(config)] !== undefined;
}

/** Sets or clears the marker after a visitor's cart changed. */
export function markVisitorCart(req: Request, res: Response, config: Pick<Config, 'cookieSecure'>, count: number): void {
  const name = cartCookieName(config);
  const opts = { httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, path: '/' };
  if (count > 0) res.cookie(name, '1', { ...opts, maxAge: MONTH_MS });
  else if (hasCartCookie(req, config)) res.clearCookie(name, opts);
}

/** Whose cart a request reads: the signed-in user's, else the visitor's (null for a browser without a visitor cookie). */
export function cartOwner(req: Request, config: Pick<Config, 'cookieSecure'>): CartOwner | null {
  if (req.user) return { userId: req.user.id };
  const vid = visitorId(req, config);
  return vid ? { visitorId: vid } : null;
}

/** The owner for a change: a visitor without a visitor cookie gets one now. */
export function cartOwnerForChange(req: Request, res: Response, config: Pick<Config, 'cookieSecure'>): CartOwner {
  if (req.user) return { userId: req.user.id };
  return { visitorId: ensureVisitorId(req, res, config) };
}

/** The header count for this request: signed-in users always; visitors only when they have the marker. */
export function headerCartOwner(req: Request, config: Pick<Config, 'cookieSecure'>): CartOwner | null {
  if (req.user) return { userId: req.user.id };
  return hasCartCookie(req, config) ? cartOwner(req, config) : null;
}

/** At sign-in: the visitor's cart merges into the user's, and the visitor's marker goes (the visitor cookie stays). */
export async function adoptVisitorCart(req: Request, res: Response, db: Knex, config: Pick<Config, 'cookieSecure'>, userId: number): Promise<void> {
  const vid = visitorId(req, config);
  if (vid) await mergeVisitorCart(db, vid, userId);
  markVisitorCart(req, res, config, 0);
}
