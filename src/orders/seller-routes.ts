import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { sellerOrdersController as sellerOrders } from './seller.controller.js';

/** The seller's side of orders: the inbox, one order, and the transitions a seller makes. */
export const sellerOrderRoutes: Route[] = [
  { method: 'get', path: paths.sellerOrders(), handlers: [...signedIn, sellerOrders.index] },
  { method: 'get', path: paths.sellerOrderList(), handlers: [...signedIn, sellerOrders.list] },
  { method: 'get', path: paths.sellerOrder(':id'), handlers: [...signedIn, sellerOrders.show] },
  { method: 'post', path: paths.sellerOrderAcceptance(':id'), handlers: [...signedIn, sellerOrders.accept] },
  { method: 'post', path: paths.sellerOrderShipment(':id'), handlers: [...signedIn, sellerOrders.ship] },
  { method: 'post', path: paths.sellerOrderDelivery(':id'), handlers: [...signedIn, sellerOrders.deliver] },
];
