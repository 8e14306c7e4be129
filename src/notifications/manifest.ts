import { notificationsJobs } from '../../jobs/notifications/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { signedIn } from '../http/route.js';
import { paths } from '../paths.js';
import { streams } from '../realtime/streams.js';
import { notificationsController as notifications } from './notifications.controller.js';

const user = signedIn;

/** The in-app notifications: their pages, the live badge and the job that creates them from domain events. */
export const notificationsDomain: DomainManifest = {
  name: 'notifications',
  routes: [
    { method: 'get', path: paths.notifications(), handlers: [...user, notifications.index] },
    { method: 'get', path: paths.notificationBadge(), handlers: [...user, notifications.badge] },
    { method: 'post', path: paths.notificationsReadAll(), handlers: [...user, notifications.readAll] },
    { method: 'post', path: paths.notificationRead(':id'), handlers: [...user, notifications.read] },
  ],
  reactions: {
    'notification.created': {
      live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'notifications', data: 'changed' }],
    },
  },
  jobs: notificationsJobs,
};
