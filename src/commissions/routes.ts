import { adminOnly, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { commissionsController as commissions } from './commissions.controller.js';

/** Every URL of the commissions domain. */
export const commissionsRoutes: Route[] = [
  { method: 'get', path: paths.adminCommissions(), handlers: [...adminOnly, commissions.index] },
  { method: 'post', path: paths.adminCommissions(), handlers: [...adminOnly, commissions.create] },
  { method: 'post', path: paths.adminCommissionRetirement(':id'), handlers: [...adminOnly, commissions.retire] },
];
