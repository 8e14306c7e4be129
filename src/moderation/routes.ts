import { adminOnly, signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { flagsController as flags } from './flags.controller.js';
import { moderationController as m } from './moderation.controller.js';
import { renewalController as renewal } from './renewal.controller.js';

/** Every URL of the moderation domain. */
export const moderationRoutes: Route[] = [
  { method: 'get', path: paths.adminModeration(), handlers: [...adminOnly, m.index] },
  { method: 'get', path: paths.adminModerationList(), handlers: [...adminOnly, m.index] },
  { method: 'post', path: paths.adminModerationDecisions(), handlers: [...adminOnly, m.decideMany] },
  { method: 'get', path: paths.adminModerationItem(':id'), handlers: [...adminOnly, m.show] },
  { method: 'post', path: paths.adminModerationClaim(':id'), handlers: [...adminOnly, m.claim] },
  { method: 'delete', path: paths.adminModerationClaim(':id'), handlers: [...adminOnly, m.release] },
  { method: 'post', path: paths.adminModerationApproval(':id'), handlers: [...adminOnly, m.approve] },
  { method: 'post', path: paths.adminModerationRejection(':id'), handlers: [...adminOnly, m.reject] },
  { method: 'post', path: paths.adminListingExtension(':id'), handlers: [...adminOnly, m.extend] },
  { method: 'post', path: paths.listingFlags(':id'), handlers: [...signedIn, flags.create] },
  { method: 'post', path: paths.listingRenewal(':id'), handlers: [...signedIn, renewal.create] },
];
