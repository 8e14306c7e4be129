import type { Router } from 'express';
import { accountsController as accounts } from './accounts/accounts.controller.js';
import { applicationsController as applications } from './admin/applications.controller.js';
import { usersController as users } from './admin/users.controller.js';
import { categoriesController as categories } from './admin/categories.controller.js';
import { adminOnly, signedIn, type Route } from './http/route.js';
import { listingsRoutes } from './listings/routes.js';
import { mediaRoutes } from './media/routes.js';
import { moderationRoutes } from './moderation/routes.js';
import { searchRoutes } from './search/routes.js';
import { storefrontRoutes } from './storefront/routes.js';
import { walletsRoutes } from './wallets/routes.js';
import { paymentsRoutes } from './payments/routes.js';
import { payoutsRoutes } from './payouts/routes.js';
import { refundsRoutes } from './refunds/routes.js';
import { financeRoutes } from './finance/routes.js';
import { boostsRoutes } from './boosts/routes.js';
import { documentsRoutes } from './documents/routes.js';
import { cartsRoutes } from './carts/routes.js';
import { addressesRoutes } from './addresses/routes.js';
import { sellersRoutes } from './sellers/routes.js';
import { commissionsRoutes } from './commissions/routes.js';
import { downloadsRoutes } from './downloads/routes.js';
import { sellerOrderRoutes } from './orders/seller-routes.js';
import { adminOrderRoutes } from './orders/admin-routes.js';
import { buyerOrderRoutes } from './orders/routes.js';
import { disputesRoutes } from './disputes/routes.js';
import { notificationsController as notifications } from './notifications/notifications.controller.js';
import { paths } from './paths.js';
import { eventsEndpoint } from './realtime/events.controller.js';
import { sellersController as sellers } from './sellers/sellers.controller.js';

export type { Route };
const user = signedIn;
const admin = adminOnly;

/** Every URL Souk answers (besides /static, health, metrics and the queue dashboard). */
export const routes: Route[] = [
  { method: 'get', path: paths.signUp(), handlers: [accounts.showSignUp] },
  { method: 'post', path: paths.users(), handlers: [accounts.signUp] },
  { method: 'get', path: paths.signIn(), handlers: [accounts.showSignIn] },
  { method: 'post', path: paths.session(), handlers: [accounts.signIn] },
  { method: 'get', path: paths.session(), handlers: [accounts.checkSession] },
  { method: 'delete', path: paths.session(), handlers: [accounts.signOut] },

  { method: 'get', path: paths.events(), handlers: [eventsEndpoint] },

  { method: 'get', path: paths.notifications(), handlers: [...user, notifications.index] },
  { method: 'get', path: paths.notificationBadge(), handlers: [...user, notifications.badge] },
  { method: 'post', path: paths.notificationsReadAll(), handlers: [...user, notifications.readAll] },
  { method: 'post', path: paths.notificationRead(':id'), handlers: [...user, notifications.read] },

  { method: 'get', path: paths.sellerApplication(), handlers: [...user, sellers.show] },
  { method: 'post', path: paths.sellerApplication(), handlers: [...user, sellers.apply] },

  { method: 'get', path: paths.adminHome(), handlers: [...admin, (_req, res) => res.redirect(303, paths.adminApplications())] },
  { method: 'get', path: paths.adminCounts(), handlers: [...admin, applications.counts] },
  { method: 'get', path: paths.adminApplications(), handlers: [...admin, applications.index] },
  { method: 'get', path: paths.adminApplicationList(), handlers: [...admin, applications.index] },
  { method: 'post', path: paths.adminApplicationApproval(':id'), handlers: [...admin, applications.approve] },
  { method: 'post', path: paths.adminApplicationRejection(':id'), handlers: [...admin, applications.reject] },
  { method: 'get', path: paths.adminUsers(), handlers: [...admin, users.index] },
  { method: 'get', path: paths.adminUser(':id'), handlers: [...admin, users.show] },
  { method: 'post', path: paths.adminUserBlock(':id'), handlers: [...admin, users.block] },
  { method: 'delete', path: paths.adminUserBlock(':id'), handlers: [...admin, users.unblock] },
  { method: 'get', path: paths.adminCategories(), handlers: [...admin, categories.index] },
  { method: 'post', path: paths.adminCategories(), handlers: [...admin, categories.create] },
  { method: 'get', path: paths.adminCategory(':id'), handlers: [...admin, categories.show] },
  { method: 'post', path: paths.adminCategoryName(':id'), handlers: [...admin, categories.rename] },
  { method: 'post', path: paths.adminCategoryParent(':id'), handlers: [...admin, categories.move] },
  { method: 'post', path: paths.adminCategoryRetirement(':id'), handlers: [...admin, categories.retire] },
  { method: 'delete', path: paths.adminCategoryRetirement(':id'), handlers: [...admin, categories.restore] },
  { method: 'post', path: paths.adminCategoryAttributes(':id'), handlers: [...admin, categories.addAttribute] },
  { method: 'delete', path: paths.adminCategoryAttribute(':id', ':attributeId'), handlers: [...admin, categories.removeAttribute] },
  ...listingsRoutes,
  ...mediaRoutes,
  ...moderationRoutes,
  ...searchRoutes,
  ...storefrontRoutes,
  ...walletsRoutes,
  ...paymentsRoutes,
  ...payoutsRoutes,
  ...refundsRoutes,
  ...financeRoutes,
  ...boostsRoutes,
  ...documentsRoutes,
  ...cartsRoutes,
  ...addressesRoutes,
  ...sellersRoutes,
  ...commissionsRoutes,
  ...downloadsRoutes,
  ...buyerOrderRoutes,
  ...sellerOrderRoutes,
  ...adminOrderRoutes,
  ...disputesRoutes,
];

export function mountRoutes(router: Router): void {
  for (const r of routes) router[r.method](r.path, ...r.handlers);
}
