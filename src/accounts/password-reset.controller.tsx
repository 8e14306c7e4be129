import type { Request, Response } from 'express';
import { ForgotForm, ForgotPage, NewPasswordForm, NewPasswordPage, ResetLinkSpentPage, ResetSentPage } from '../../views/accounts/password-reset.js';
import { services } from '../deps.js';
import { redirect, render } from '../http/render.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { resetRequestLimit } from './limits.js';
import { linkBase } from './links.js';
import { emit } from '../outbox/outbox.js';
import { newPasswordSchema, resetLinkUsable, resetPassword, resetRequestSchema } from './password-reset.js';
import { accountPaths } from './paths.js';
import { endSessions } from './session-control.js';

function spent(req: Request, res: Response) {
  return render(req, res, { title: 'Link no longer works', status: 410, body: () => <ResetLinkSpentPage /> });
}

export const passwordResetController = {
  async showForgot(req: Request, res: Response) {
    await render(req, res, { title: 'Reset your password', body: (ctx) => <ForgotPage csrf={ctx.csrf} /> });
  },

  /** Answers the same whether or not the address has an account (and the limits count both alike). */
  async requestReset(req: Request, res: Response) {
    const s = services(req);
    const again = (status: number, values: Record<string, string>, errors: FieldErrors) =>
      render(req, res, {
        title: 'Reset your password',
        status,
        body: (ctx) => <ForgotPage csrf={ctx.csrf} values={values} errors={errors} />,
        fragment: (ctx) => <ForgotForm csrf={ctx.csrf} values={values} errors={errors} />,
      });
    const parsed = parseForm(resetRequestSchema, req.body);
    if (!parsed.ok) return again(422, parsed.values, parsed.errors);
    const { email } = parsed.data;
    const base = linkBase(req, s.config);
    if (!base) return again(503, { email }, { form: 'Reset links cannot be sent: this installation has no PUBLIC_URL set. Please tell the site administrator.' });
    const limited = await resetRequestLimit(s, req.ip ?? 'unknown', email);
    if (limited) {
      res.set(limited.headers);
      return again(429, { email }, { form: limited.message });
    }
    // the same write whether or not the address has an account; a job looks it up and sends the link
    await s.db.transaction((trx) => emit(trx, 'password_reset.requested', { email, base }));
    redirect(req, res, accountPaths.passwordResetSent());
  },

  async showSent(req: Request, res: Response) {
    await render(req, res, { title: 'Check your email', body: () => <ResetSentPage minutes={services(req).config.PASSWORD_RESET_MINUTES} /> });
  },

  async showReset(req: Request, res: Response) {
    const token = String(req.params.token);
    if (!(await resetLinkUsable(services(req).db, token))) return spent(req, res);
    await render(req, res, { title: 'Choose a new password', body: (ctx) => <NewPasswordPage csrf={ctx.csrf} token={token} /> });
  },

  async reset(req: Request, res: Response) {
    const s = services(req);
    const token = String(req.params.token);
    const parsed = parseForm(newPasswordSchema, req.body);
    if (!parsed.ok) {
      if (!(await resetLinkUsable(s.db, token))) return spent(req, res);
      return render(req, res, {
        title: 'Choose a new password',
        status: 422,
        body: (ctx) => <NewPasswordPage csrf={ctx.csrf} token={token} errors={parsed.errors} />,
        fragment: (ctx) => <NewPasswordForm csrf={ctx.csrf} token={token} errors={parsed.errors} />,
      });
    }
    const result = await resetPassword(s.db, token, parsed.data.password, linkBase(req, s.config) ?? '');
    if (!result.ok) return spent(req, res);
    // whoever had the old password is out, on every device (this browser included, if it was signed in)
    await endSessions(s, result.userId, null);
    await s.limits.signInAccount.delete(result.email).catch(() => {});
    // no flash here: writing to a session that was just destroyed would bring it back
    redirect(req, res, `${paths.signIn()}?reason=reset`);
  },
};
