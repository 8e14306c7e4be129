import { adminOnly, signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { adminPayoutsController as admin } from './admin.controller.js';
import { payoutsController as payouts } from './payouts.controller.js';
import { reconciliationController as reconciliation } from './reconciliation.controller.js';

/** Every URL of the payouts domain. */
export const payoutsRoutes: Route[] = [
  { method: 'get', path: paths.payouts(), handlers: [...signedIn, payouts.index] },
  { method: 'post', path: paths.payouts(), handlers: [...signedIn, payouts.request] },
  { method: 'get', path: paths.payoutList(), handlers: [...signedIn, payouts.list] },
  { method: 'post', path: paths.payoutMethods(), handlers: [...signedIn, payouts.addMethod] },
  { method: 'delete', path: paths.payoutMethod(':id'), handlers: [...signedIn, payouts.removeMethod] },

  { method: 'get', path: paths.adminPayouts(), handlers: [...adminOnly, admin.index] },
  { method: 'get', path: paths.adminPayoutList(), handlers: [...adminOnly, admin.index] },
  { method: 'post', path: paths.adminPayoutApproval(':id'), handlers: [...adminOnly, admin.approve] },
  { method: 'post', path: paths.adminPayoutRejection(':id'), handlers: [...adminOnly, admin.reject] },

  { method: 'get', path: paths.adminReconciliation(), handlers: [...adminOnly, reconciliation.index] },
  { method: 'get', path: paths.adminReconciliationRuns(), handlers: [...adminOnly, reconciliation.runs] },
  { method: 'post', path: paths.adminReconciliationRuns(), handlers: [...adminOnly, reconciliation.start] },
  { method: 'get', path: paths.adminReconciliationRun(':id'), handlers: [...adminOnly, reconciliation.run] },
];
