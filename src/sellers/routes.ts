import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { shippingController as shipping } from './shipping.controller.js';

/** The seller's shop settings (the application's routes are in the manifest). */
export const sellersRoutes: Route[] = [
  { method: 'get', path: paths.sellerShipping(), handlers: [...signedIn, shipping.show] },
  { method: 'post', path: paths.sellerShipping(), handlers: [...signedIn, shipping.save] },
];
