import { accountsJobs } from '../../jobs/accounts/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { paths } from '../paths.js';
import { streams } from '../realtime/streams.js';
import { accountsController as accounts } from './accounts.controller.js';
import { accountsDrafts } from './drafts.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** Sign-up, sign-in and sessions; what a block does to a user's open pages. */
export const accountsDomain: DomainManifest = {
  name: 'accounts',
  routes: [
    { method: 'get', path: paths.signUp(), handlers: [accounts.showSignUp] },
    { method: 'post', path: paths.users(), handlers: [accounts.signUp] },
    { method: 'get', path: paths.signIn(), handlers: [accounts.showSignIn] },
    { method: 'post', path: paths.session(), handlers: [accounts.signIn] },
    { method: 'get', path: paths.session(), handlers: [accounts.checkSession] },
    { method: 'delete', path: paths.session(), handlers: [accounts.signOut] },
  ],
  reactions: {
    'user.blocked': {
      // the open pages of the blocked user learn their session is over, then their streams close
      live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'session-ended', data: 'blocked', close: true }],
      jobs: [notify],
    },
    'user.unblocked': { jobs: [notify] },
  },
  drafts: accountsDrafts,
  jobs: accountsJobs,
};
