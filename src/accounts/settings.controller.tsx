import type { Request, Response } from 'express';
import { EmailConfirmPage, EmailLinkSpentPage } from '../../views/accounts/email-confirmation.js';
import { EmailForm, PasswordForm, ProfileForm, SessionList, SettingsPage, type SessionView } from '../../views/accounts/settings.js';
import { services } from '../deps.js';
import { redirect, render } from '../http/render.js';
import { blockedNow, take } from '../http/ratelimit.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { paths } from '../paths.js';
import { confirmEmailChange, emailChangeFor, emailChangeSchema, requestEmailChange } from './email-change.js';
import { resetRequestLimit } from './limits.js';
import { linkBase } from './links.js';
import { accountPaths } from './paths.js';
import { pendingEmailChange } from './queries.js';
import { endSessions } from './session-control.js';
import { changeDisplayName, changePassword, passwordChangeSchema, profileSchema } from './settings.js';

const NO_MAIL = 'Email links cannot be sent: this installation has no PUBLIC_URL set. Please tell the site administrator.';

/** The user's sessions for the settings page: this one first, then the most recently used. */
async function sessionViews(req: Request): Promise<SessionView[]> {
  const s = services(req);
  const idleMs = s.config.SESSION_IDLE_MINUTES * 60_000;
  const list = await s.sessions.list(req.user!.id);
  const views = list.map((x) => ({
    device: x.data.device ?? 'Unknown device',
    network: x.data.network ?? 'unknown network',
    signedInAt: x.data.signedInAt ? new Date(x.data.signedInAt) : null,
    // rolling sessions: requests renew the time to live (at most once a minute), so the time since then is the time since last use
    lastSeen: new Date(Date.now() - Math.max(0, idleMs - x.ttlMs)),
    current: x.sid === req.sessionID,
  }));
  return views.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastSeen?.getTime() ?? 0) - (a.lastSeen?.getTime() ?? 0));
}

type Section = 'profile' | 'emailChange' | 'password';

/** The settings page, or only the form that was sent when htmx sent it; `section` carries that form's errors. */
async function showSettings(req: Request, res: Response, status = 200, section?: Section, values?: Record<string, string>, errors?: FieldErrors) {
  const s = services(req);
  const user = req.user!;
  const [pendingRow, sessions] = await Promise.all([pendingEmailChange(s.db, user.id, clock.now()), sessionViews(req)]);
  const pending = pendingRow ? { email: pendingRow.new_email, until: pendingRow.expires_at } : null;
  const forms = section ? { [section]: { values, errors } } : {};
  await render(req, res, {
    title: 'Account settings',
    status,
    body: (ctx) => <SettingsPage csrf={ctx.csrf} displayName={user.display_name} email={user.email} pending={pending} sessions={sessions} {...forms} />,
    fragment: (ctx) =>
      section === 'profile' ? (
        <ProfileForm csrf={ctx.csrf} displayName={user.display_name} values={values} errors={errors} />
      ) : section === 'emailChange' ? (
        <EmailForm csrf={ctx.csrf} email={user.email} pending={pending} values={values} errors={errors} />
      ) : section === 'password' ? (
        <PasswordForm csrf={ctx.csrf} errors={errors} />
      ) : (
        <SessionList csrf={ctx.csrf} sessions={sessions} />
      ),
  });
}

export const settingsController = {
  async show(req: Request, res: Response) {
    await showSettings(req, res);
  },

  async updateProfile(req: Request, res: Response) {
    const parsed = parseForm(profileSchema, req.body);
    if (!parsed.ok) return showSettings(req, res, 422, 'profile', parsed.values, parsed.errors);
    await changeDisplayName(services(req).db, req.user!.id, parsed.data.display_name);
    redirect(req, res, accountPaths.accountSettings(), { kind: 'info', text: `Your name is now ${parsed.data.display_name}.` });
  },

  async requestEmailChange(req: Request, res: Response) {
    const s = services(req);
    const user = req.user!;
    const parsed = parseForm(emailChangeSchema, req.body);
    if (!parsed.ok) return showSettings(req, res, 422, 'emailChange', parsed.values, parsed.errors);
    const keep = { email: parsed.data.email };
    const base = linkBase(req, s.config);
    if (!base) return showSettings(req, res, 503, 'emailChange', keep, { form: NO_MAIL });
    // the current password is guessed against the same allowance as sign-in
    const locked = await blockedNow(s.limits.signInAccount, user.email, 'password attempts for this account');
    const limited = locked ?? (await resetRequestLimit(s, req.ip ?? 'unknown', parsed.data.email));
    if (limited) {
      res.set(limited.headers);
      return showSettings(req, res, 429, 'emailChange', keep, { form: limited.message });
    }
    const result = await requestEmailChange(s.db, user.id, parsed.data, { base, hours: s.config.EMAIL_CHANGE_HOURS });
    if (!result.ok) {
      if (result.field === 'current_password') await take(s.limits.signInAccount, user.email);
      return showSettings(req, res, 422, 'emailChange', keep, { [result.field]: result.message });
    }
    redirect(req, res, accountPaths.accountSettings(), { kind: 'info', text: `We sent a confirmation link to ${parsed.data.email}. Your address changes once you open it.` });
  },

  async showEmailConfirmation(req: Request, res: Response) {
    const token = String(req.params.token);
    const change = await emailChangeFor(services(req).db, token);
    if (!change) return render(req, res, { title: 'Link no longer works', status: 410, body: () => <EmailLinkSpentPage reason="invalid" /> });
    await render(req, res, { title: 'Confirm your new email address', body: (ctx) => <EmailConfirmPage csrf={ctx.csrf} token={token} email={change.newEmail} /> });
  },

  async confirmEmail(req: Request, res: Response) {
    const result = await confirmEmailChange(services(req).db, String(req.params.token));
    if (!result.ok) {
      const reason = result.reason;
      return render(req, res, { title: reason === 'taken' ? 'Address taken' : 'Link no longer works', status: 410, body: () => <EmailLinkSpentPage reason={reason} /> });
    }
    const text = `Your email address is now ${result.email}.`;
    if (req.user?.id === result.userId) return redirect(req, res, accountPaths.accountSettings(), { kind: 'info', text });
    redirect(req, res, `${paths.signIn()}?reason=email-changed`);
  },

  async changePassword(req: Request, res: Response) {
    const s = services(req);
    const user = req.user!;
    const parsed = parseForm(passwordChangeSchema, req.body);
    if (!parsed.ok) return showSettings(req, res, 422, 'password', {}, parsed.errors);
    const base = linkBase(req, s.config) ?? '';
    const locked = await blockedNow(s.limits.signInAccount, user.email, 'password attempts for this account');
    if (locked) {
      res.set(locked.headers);
      return showSettings(req, res, 429, 'password', {}, { form: locked.message });
    }
    const result = await changePassword(s.db, user.id, parsed.data, base);
    if (!result.ok) {
      if (result.field === 'current_password') await take(s.limits.signInAccount, user.email);
      return showSettings(req, res, 422, 'password', {}, { [result.field]: result.message });
    }
    const ended = await endSessions(s, user.id, req.sessionID);
    const elsewhere = ended ? ` You were signed out on ${ended} other ${ended === 1 ? 'device' : 'devices'}.` : '';
    redirect(req, res, accountPaths.accountSettings(), { kind: 'info', text: `Your password was changed.${elsewhere}` });
  },

  async signOutOthers(req: Request, res: Response) {
    const ended = await endSessions(services(req), req.user!.id, req.sessionID);
    const text = ended ? `Signed out of ${ended} other ${ended === 1 ? 'session' : 'sessions'}.` : 'You were not signed in anywhere else.';
    redirect(req, res, accountPaths.accountSettings(), { kind: 'info', text });
  },
};
