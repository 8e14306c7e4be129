import { accountsJobs } from '../../jobs/accounts/index.js';
import type { DomainManifest } from '../domains/manifest.js';
import { paths } from '../paths.js';
import { streams } from '../realtime/streams.js';
import { accountsController as accounts } from './accounts.controller.js';
import { accountsDrafts } from './drafts.js';
import { pagesController as pages } from './pages.controller.js';
import { passwordResetController as reset } from './password-reset.controller.js';
import { accountPaths } from './paths.js';
import { settingsController as settings } from './settings.controller.js';
import { requireUser } from '../http/auth.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** Sign-up, sign-in and sessions, account settings, password reset, the help pages; what a block does to a user's open pages. */
export const accountsDomain: DomainManifest = {
  name: 'accounts',
  routes: [
    { method: 'get', path: paths.signUp(), handlers: [accounts.showSignUp] },
    { method: 'post', path: paths.users(), handlers: [accounts.signUp] },
    { method: 'get', path: paths.signIn(), handlers: [accounts.showSignIn] },
    { method: 'post', path: paths.session(), handlers: [accounts.signIn] },
    { method: 'get', path: paths.session(), handlers: [accounts.checkSession] },
    { method: 'delete', path: paths.session(), handlers: [accounts.signOut] },
    { method: 'get', path: accountPaths.accountSettings(), handlers: [requireUser, settings.show] },
    { method: 'put', path: accountPaths.accountProfile(), handlers: [requireUser, settings.updateProfile] },
    { method: 'put', path: accountPaths.accountPassword(), handlers: [requireUser, settings.changePassword] },
    { method: 'post', path: accountPaths.accountEmailChange(), handlers: [requireUser, settings.requestEmailChange] },
    // the link from the email: the token is the proof, so it works in any browser, signed in or not
    { method: 'get', path: accountPaths.accountEmailConfirmation(':token'), handlers: [settings.showEmailConfirmation] },
    { method: 'post', path: accountPaths.accountEmailConfirmation(':token'), handlers: [settings.confirmEmail] },
    { method: 'delete', path: accountPaths.accountSessions(), handlers: [requireUser, settings.signOutOthers] },
    { method: 'get', path: accountPaths.passwordReset(), handlers: [reset.showForgot] },
    { method: 'post', path: accountPaths.passwordReset(), handlers: [reset.requestReset] },
    { method: 'get', path: accountPaths.passwordResetSent(), handlers: [reset.showSent] },
    { method: 'get', path: accountPaths.passwordResetToken(':token'), handlers: [reset.showReset] },
    { method: 'post', path: accountPaths.passwordResetToken(':token'), handlers: [reset.reset] },
    { method: 'get', path: accountPaths.help(), handlers: [pages.help] },
    { method: 'get', path: accountPaths.terms(), handlers: [pages.terms] },
    { method: 'get', path: accountPaths.privacy(), handlers: [pages.privacy] },
  ],
  reactions: {
    'user.blocked': {
      // the open pages of the blocked user learn their session is over, then their streams close
      live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'session-ended', data: 'blocked', close: true }],
      jobs: [notify],
    },
    'user.unblocked': { jobs: [notify] },
    'password_reset.requested': { jobs: [{ queue: 'notifications', name: 'send-password-reset' }] },
    // sessions ended by the user (a password change or reset, "sign out everywhere else"): each open page asks
    // whether its session survived, and the streams close so only a surviving session reopens them
    'account.sessions-ended': {
      live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'session-ended', data: 'ended', close: true }],
    },
  },
  drafts: accountsDrafts,
  jobs: accountsJobs,
};
