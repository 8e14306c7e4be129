import type { DomainManifest } from '../domains/manifest.js';
import { paths } from '../paths.js';
import { eventsEndpoint } from './events.controller.js';
import { auctionLiveReactions } from '../auctions/live.js';

/** The one live-updates endpoint (SSE), and the rendered parts pushed on public streams. */
export const realtimeDomain: DomainManifest = {
  name: 'realtime',
  routes: [{ method: 'get', path: paths.events(), handlers: [eventsEndpoint] }],
  reactions: auctionLiveReactions,
};
