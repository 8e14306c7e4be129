import { signedIn, type Route } from '../http/route.js';
import { checkoutController as checkout } from './checkout.controller.js';
import { ordersController as orders } from './orders.controller.js';
import { ordersPaths as p } from './paths.js';

// ── buyer ──────────────────────────────────────────────────────────────────
/**
 * Checkout and the buyer's orders. Everything needs a sign-in; each handler
 * answers "not found" for somebody else's order. The cancellation of a seller
 * order serves both parties: the controller decides the role by who is signed in.
 */
export const buyerOrderRoutes: Route[] = [
  { method: 'get', path: p.checkout(), handlers: [...signedIn, checkout.show] },
  { method: 'post', path: p.orders(), handlers: [...signedIn, checkout.place] },
  { method: 'get', path: p.orders(), handlers: [...signedIn, orders.index] },
  { method: 'get', path: p.order(':id'), handlers: [...signedIn, orders.show] },
  { method: 'post', path: p.orderPayment(':id'), handlers: [...signedIn, orders.pay] },
  { method: 'post', path: p.orderCancellation(':id'), handlers: [...signedIn, orders.cancel] },
  { method: 'post', path: p.sellerOrderReceipt(':id'), handlers: [...signedIn, orders.confirmReceipt] },
  { method: 'post', path: p.sellerOrderCancellation(':id'), handlers: [...signedIn, orders.cancelPart] },
];
