import { adminOnly, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { adminOrdersController as adminOrders } from './admin.controller.js';

/** The admin's view of every order. */
export const adminOrderRoutes: Route[] = [
  { method: 'get', path: paths.adminOrders(), handlers: [...adminOnly, adminOrders.index] },
  { method: 'get', path: paths.adminOrder(':id'), handlers: [...adminOnly, adminOrders.show] },
];
