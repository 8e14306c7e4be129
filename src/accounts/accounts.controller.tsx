import type { Request, Response } from 'express';
import { SignInForm, SignInPage } from '../../views/accounts/signin.js';
import { SignUpForm, SignUpPage } from '../../views/accounts/signup.js';
import { services } from '../deps.js';
import { safeNext } from '../http/auth.js';
import { redirect, render } from '../http/render.js';
import { blockedNow, take } from '../http/ratelimit.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { paths } from '../paths.js';
import { authenticate, signInSchema, signUp, signUpSchema } from './accounts.js';
import { adoptVisitorCart } from '../carts/owner.js';
import { blockedMessage } from './blocked.js';
import { coarseNetwork, describeDevice } from './session-info.js';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}
function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Starts a fresh session for the user (a new id, so a planted id is worthless); what they put in a cart as a visitor comes along. */
async function startSession(req: Request, res: Response, userId: number): Promise<void> {
  const s = services(req);
  await adoptVisitorCart(req, res, s.db, s.config, userId);
  await regenerate(req);
  req.session.userId = userId;
  req.session.signedInAt = clock.nowMs();
  // for the user's own list of sessions: which browser, from roughly where
  req.session.device = describeDevice(req.get('user-agent')).slice(0, 80);
  req.session.network = coarseNetwork(req.ip);
  await save(req);
  await s.sessions.track(userId, req.sessionID);
}

const notices: Record<string, string> = {
  ended: 'You have been signed out.',
  expired: 'Your session expired. Please sign in again.',
  reset: 'Your password was changed and you were signed out everywhere. Sign in with your new password.',
  'email-changed': 'Your email address was changed. Sign in with the new address.',
};

export const accountsController = {
  async showSignUp(req: Request, res: Response) {
    if (req.user) return redirect(req, res, paths.home());
    await render(req, res, { title: 'Sign up', body: (ctx) => <SignUpPage csrf={ctx.csrf} /> });
  },

  async signUp(req: Request, res: Response) {
    const s = services(req);
    const again = (status: number, values: Record<string, string>, errors: FieldErrors) =>
      render(req, res, {
        title: 'Sign up',
        status,
        body: (ctx) => <SignUpPage csrf={ctx.csrf} values={values} errors={errors} />,
        fragment: (ctx) => <SignUpForm csrf={ctx.csrf} values={values} errors={errors} />,
      });
    const parsed = parseForm(signUpSchema, req.body);
    if (!parsed.ok) return again(422, parsed.values, parsed.errors);
    const limited = await take(s.limits.signUpIp, req.ip ?? 'unknown', 'sign-ups from your network');
    if (limited) {
      res.set(limited.headers);
      return again(429, { email: parsed.data.email, display_name: parsed.data.display_name }, { form: limited.message });
    }
    const result = await signUp(s.db, parsed.data);
    if (!result.ok) return again(422, { email: parsed.data.email, display_name: parsed.data.display_name }, { [result.field]: result.message });
    await startSession(req, res, result.user.id);
    redirect(req, res, paths.home(), { kind: 'info', text: `Welcome to Souk, ${result.user.display_name}!` });
  },

  async showSignIn(req: Request, res: Response) {
    const next = typeof req.query.next === 'string' ? safeNext(req.query.next) : undefined;
    if (req.user) return redirect(req, res, next ?? paths.home());
    const notice = typeof req.query.reason === 'string' ? notices[req.query.reason] : undefined;
    await render(req, res, { title: 'Sign in', body: (ctx) => <SignInPage csrf={ctx.csrf} next={next} notice={notice} /> });
  },

  async signIn(req: Request, res: Response) {
    const s = services(req);
    const asked = typeof req.body?.next === 'string';
    const next = asked ? safeNext(req.body.next) : paths.home();
    const again = (status: number, values: Record<string, string>, errors: FieldErrors) =>
      render(req, res, {
        title: 'Sign in',
        status,
        body: (ctx) => <SignInPage csrf={ctx.csrf} next={next} values={values} errors={errors} />,
        fragment: (ctx) => <SignInForm csrf={ctx.csrf} next={next} values={values} errors={errors} />,
      });
    const parsed = parseForm(signInSchema, req.body);
    if (!parsed.ok) return again(422, parsed.values, parsed.errors);
    const { email, password } = parsed.data;
    const ip = req.ip ?? 'unknown';
    const limited =
      (await take(s.limits.signInIp, ip, 'sign-in attempts from your network')) ??
      (await blockedNow(s.limits.signInAccount, email, 'sign-in attempts for this account'));
    if (limited) {
      res.set(limited.headers);
      return again(429, { email }, { form: limited.message });
    }
    const result = await authenticate(s.db, email, password);
    if (!result.ok && result.reason === 'invalid') {
      const locked = await take(s.limits.signInAccount, email, 'sign-in attempts for this account');
      if (locked) res.set(locked.headers);
      return again(locked ? 429 : 422, { email }, { form: locked ? locked.message : 'That email and password do not match.' });
    }
    if (!result.ok) return again(403, { email }, { form: blockedMessage(result.why ?? null, result.until ?? null) });
    await s.limits.signInAccount.delete(email).catch(() => {});
    await startSession(req, res, result.user.id);
    // admins start at their dashboard unless they were on their way somewhere
    redirect(req, res, !asked && result.user.is_admin ? paths.adminHome() : next);
  },

  async signOut(req: Request, res: Response) {
    const s = services(req);
    if (req.session.userId) await s.sessions.untrack(req.session.userId, req.sessionID).catch(() => {});
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(s.config.cookieSecure ? '__Host-souk.sid' : 'souk.sid', { path: '/' });
    redirect(req, res, `${paths.signIn()}?reason=ended`);
  },

  /** Asked by open pages when their stream says the session ended. */
  async checkSession(req: Request, res: Response) {
    if (!req.user) {
      res.set('HX-Redirect', `${paths.signIn()}?reason=ended`);
      res.status(200).end();
      return;
    }
    res.status(204).end();
  },
};

