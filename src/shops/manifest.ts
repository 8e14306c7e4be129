import type { DomainManifest } from '../domains/manifest.js';
import { signedIn } from '../http/route.js';
import { shopsPaths as p } from './paths.js';
import { shopsController as shops } from './shops.controller.js';

/**
 * Shops: each seller's public page (who they are, what they sell, their terms
 * and reviews) and the seller's own form for it. The logo and banner arrive as
 * multipart bodies parsed by `shopUploadParser` (src/shops/uploads.ts) before the CSRF check.
 */
export const shopsDomain: DomainManifest = {
  name: 'shops',
  routes: [
    { method: 'get', path: p.shop(':slug'), handlers: [shops.show] },
    { method: 'get', path: p.shopMedia(':name'), handlers: [shops.media] },
    { method: 'get', path: p.sellerShop(), handlers: [...signedIn, shops.edit] },
    { method: 'post', path: p.sellerShop(), handlers: [...signedIn, shops.save] },
  ],
};
