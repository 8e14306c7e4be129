import { mailJobs } from '../../jobs/mail/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { adminOnly, signedIn } from '../http/route.js';
import { DELIVER_EMAIL_JOB } from './delivery.js';
import { mailController as mail } from './mail.controller.js';
import { EMAIL_QUEUED } from './mail.js';
import { mailPaths } from './paths.js';

/** Email: delivery of logged messages by a job, users' notification preferences, and the admins' delivery log. */
export const mailDomain: DomainManifest = {
  name: 'mail',
  routes: [
    { method: 'get', path: mailPaths.notificationPreferences(), handlers: [...signedIn, mail.preferences] },
    { method: 'post', path: mailPaths.notificationPreferences(), handlers: [...signedIn, mail.savePreferences] },
    { method: 'get', path: mailPaths.adminEmails(), handlers: [...adminOnly, mail.emails] },
  ],
  reactions: {
    [EMAIL_QUEUED]: { jobs: [{ queue: 'notifications', name: DELIVER_EMAIL_JOB }] },
  },
  jobs: mailJobs,
};
