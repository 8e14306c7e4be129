import { adminOnly, signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { boostsController as boosts } from './boosts.controller.js';
import { plansController as plans } from './plans.controller.js';

/** Every URL of the boosts domain. */
export const boostsRoutes: Route[] = [
  { method: 'get', path: paths.adminBoostPlans(), handlers: [...adminOnly, plans.index] },
  { method: 'post', path: paths.adminBoostPlans(), handlers: [...adminOnly, plans.create] },
  { method: 'get', path: paths.adminBoostPlan(':id'), handlers: [...adminOnly, plans.show] },
  { method: 'patch', path: paths.adminBoostPlan(':id'), handlers: [...adminOnly, plans.update] },
  { method: 'post', path: paths.adminBoostPlanRetirement(':id'), handlers: [...adminOnly, plans.retire] },

  { method: 'get', path: paths.sellerListingBoost(':id'), handlers: [...signedIn, boosts.show] },
  { method: 'post', path: paths.listingBoosts(':id'), handlers: [...signedIn, boosts.buy] },
];
