import { adminOnly, signedIn, type Route } from '../http/route.js';
import { ordersPaths } from '../orders/paths.js';
import { disputesAdminController as admin } from './admin.controller.js';
import { disputesController as disputes } from './disputes.controller.js';
import { disputesPaths as p } from './paths.js';

/**
 * Every URL of the disputes domain. Each handler answers "not found" to anyone
 * who is not the dispute's buyer, its seller or an admin. The opening and the
 * reply receive multipart bodies parsed by `disputeUploadParser` (src/disputes/uploads.ts).
 */
export const disputesRoutes: Route[] = [
  { method: 'get', path: ordersPaths.sellerOrderDisputeForm(':id'), handlers: [...signedIn, disputes.newForm] },
  { method: 'post', path: p.sellerOrderDisputes(':id'), handlers: [...signedIn, disputes.open] },
  { method: 'get', path: p.dispute(':id'), handlers: [...signedIn, disputes.show] },
  { method: 'get', path: p.disputeThread(':id'), handlers: [...signedIn, disputes.thread] },
  { method: 'get', path: p.disputeStatus(':id'), handlers: [...signedIn, disputes.status] },
  { method: 'get', path: p.disputePhoto(':id', ':messageId', ':n'), handlers: [...signedIn, disputes.photo] },
  { method: 'post', path: p.disputeMessages(':id'), handlers: [...signedIn, disputes.reply] },
  { method: 'post', path: p.disputeRefund(':id'), handlers: [...signedIn, disputes.refund] },
  { method: 'post', path: p.disputeWithdrawal(':id'), handlers: [...signedIn, disputes.withdraw] },
  { method: 'post', path: p.disputeDecision(':id'), handlers: [...signedIn, disputes.decide] },
  { method: 'get', path: p.adminDisputes(), handlers: [...adminOnly, admin.index] },
];
