import { adminOnly, signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { refundsController as refunds } from './refunds.controller.js';

/** Every URL of the refunds domain. */
export const refundsRoutes: Route[] = [
  { method: 'get', path: paths.adminRefunds(), handlers: [...adminOnly, refunds.index] },
  { method: 'post', path: paths.adminRefunds(), handlers: [...adminOnly, refunds.create] },
  { method: 'get', path: paths.refundReceipt(':id'), handlers: [...signedIn, refunds.receipt] },
];
