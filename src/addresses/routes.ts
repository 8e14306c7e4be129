import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { addressesController as addresses } from './addresses.controller.js';

/** Every URL of the addresses domain: everything here is the signed-in buyer's own. */
export const addressesRoutes: Route[] = [
  { method: 'get', path: paths.addresses(), handlers: [...signedIn, addresses.index] },
  { method: 'post', path: paths.addresses(), handlers: [...signedIn, addresses.create] },
  { method: 'delete', path: paths.address(':id'), handlers: [...signedIn, addresses.remove] },
];
