import type { DomainManifest } from '../domains/manifest.js';
import { paths } from '../paths.js';
import { eventsEndpoint } from './events.controller.js';

/** The one live-updates endpoint (SSE). */
export const realtimeDomain: DomainManifest = {
  name: 'realtime',
  routes: [{ method: 'get', path: paths.events(), handlers: [eventsEndpoint] }],
};
