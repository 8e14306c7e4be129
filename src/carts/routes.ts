import type { Route } from '../http/route.js';
import { paths } from '../paths.js';
import { cartsController as carts } from './carts.controller.js';

/** Every URL of the carts domain: visitors have a cart too, so none needs a sign-in. */
export const cartsRoutes: Route[] = [
  { method: 'get', path: paths.cart(), handlers: [carts.show] },
  { method: 'get', path: paths.cartCount(), handlers: [carts.count] },
  { method: 'post', path: paths.cartLines(), handlers: [carts.add] },
  { method: 'patch', path: paths.cartLine(':id'), handlers: [carts.update] },
  { method: 'delete', path: paths.cartLine(':id'), handlers: [carts.remove] },
];
