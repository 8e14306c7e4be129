import type { DomainManifest } from '../domains/manifest.js';
import { signedIn } from '../http/route.js';
import { paths } from '../paths.js';
import { streams } from '../realtime/streams.js';
import { sellersDrafts } from './drafts.js';
import { sellersRoutes } from './routes.js';
import { sellersController as sellers } from './sellers.controller.js';

/** Seller applications and the shop's settings. */
export const sellersDomain: DomainManifest = {
  name: 'sellers',
  routes: [
    { method: 'get', path: paths.sellerApplication(), handlers: [...signedIn, sellers.show] },
    { method: 'post', path: paths.sellerApplication(), handlers: [...signedIn, sellers.apply] },
    ...sellersRoutes,
  ],
  reactions: {
    'seller_application.submitted': {
      live: () => [{ stream: streams.admin(), event: 'applications', data: 'changed' }],
    },
    'seller_application.decided': {
      live: (p) => [
        { stream: streams.user(Number(p.userId)), event: 'account', data: 'changed' },
        { stream: streams.admin(), event: 'applications', data: 'changed' },
      ],
      jobs: [{ queue: 'notifications', name: 'from-event' }],
    },
  },
  drafts: sellersDrafts,
};
