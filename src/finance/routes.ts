import { adminOnly, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { financeController as f } from './finance.controller.js';

/** Every URL of the finance domain. */
export const financeRoutes: Route[] = [{ method: 'get', path: paths.adminFinance(), handlers: [...adminOnly, f.index] }];
