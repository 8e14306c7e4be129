import type { Router } from 'express';
import { wiring } from './domains.js';
import type { Route } from './http/route.js';

export type { Route };

/** Every URL Souk answers (besides /static, health, metrics and the queue dashboard), from the domain manifests. */
export const routes: Route[] = wiring().routes;

export function mountRoutes(router: Router): void {
  for (const r of routes) router[r.method](r.path, ...r.handlers);
}
