import express, { type RequestHandler, type Router } from 'express';
import { wiring } from './domains.js';
import type { Route } from './http/route.js';

export type { Route };

/** Every URL Souk answers (besides /static, health, metrics and the queue dashboard), from the domain manifests. */
export const routes: Route[] = wiring().routes;

/** The first segment of a path, as routes are matched (case-insensitively): `/listings/3/edit` → `listings`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * Every route, in one router per first path segment, chosen by a map lookup:
 * a request is matched against the few routes that can answer its path, in
 * their declared order, instead of walking the whole table (two hundred
 * routes). Every route path starts with a literal segment, so no route of one
 * router could ever have answered a path of another; a route whose first
 * segment is a parameter would break that, and is refused at start.
 */
export function routesHandler(): RequestHandler {
  const bySegment = new Map<string, Router>();
  for (const r of routes) {
    const segment = firstSegment(r.path);
    if (/[:*?(){}\\]/.test(segment)) throw new Error(`route ${r.method.toUpperCase()} ${r.path}: the first path segment must be literal`);
    let router = bySegment.get(segment);
    if (!router) bySegment.set(segment, (router = express.Router()));
    router[r.method](r.path, ...r.handlers);
  }
  return (req, res, next) => {
    const router = bySegment.get(firstSegment(req.path));
    if (!router) return next();
    router(req, res, next);
  };
}
