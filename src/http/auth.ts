import type { NextFunction, Request, Response } from 'express';
import { isBlocked } from '../accounts/accounts.js';
import { findCurrentUser } from '../accounts/queries.js';
import { services } from '../deps.js';
import { clock } from '../lib/clock.js';
import { paths } from '../paths.js';
import { forbidden, HttpError } from './errors.js';
import { existingSession } from './session.js';

function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

/**
 * Loads the signed-in user for the request. Ends the session when it has passed
 * its absolute lifetime, when the user no longer exists, or when they are blocked.
 */
export function loadUser(req: Request, _res: Response, next: NextFunction): void | Promise<void> {
  req.user = null;
  const userId = existingSession(req)?.userId;
  // a visitor without a session: nothing to look up (and no promise to make)
  if (!userId) return next();
  return loadSignedIn(req, userId, next);
}

async function loadSignedIn(req: Request, userId: number, next: NextFunction): Promise<void> {
  const s = services(req);
  const absoluteMs = s.config.SESSION_ABSOLUTE_HOURS * 3600_000;
  if (!req.session.signedInAt || clock.nowMs() - req.session.signedInAt > absoluteMs) {
    await s.sessions.untrack(userId, req.sessionID).catch(() => {});
    await destroy(req);
    return next();
  }
  const user = await findCurrentUser(s.db, userId);
  if (!user || isBlocked(user)) {
    await s.sessions.untrack(userId, req.sessionID).catch(() => {});
    await destroy(req);
    return next();
  }
  req.user = user;
  next();
}

/** Signed-in users only; others are sent to sign in (and come back afterwards). */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  const back = req.method === 'GET' && !req.htmx.request ? req.originalUrl : undefined;
  const url = back ? `${paths.signIn()}?next=${encodeURIComponent(back)}` : paths.signIn();
  if (req.htmx.request) {
    res.set('HX-Redirect', url).status(401).end();
    return;
  }
  if (req.method !== 'GET') return next(new HttpError(401, 'Please sign in to continue.'));
  res.redirect(303, url);
}

/** Admins only (after requireUser). */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  if (req.user?.is_admin) return next();
  next(forbidden('This page is for admins.'));
}

/** A same-site path to return to after sign-in, or home. */
export function safeNext(v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return paths.home();
  return v;
}
