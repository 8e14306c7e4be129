import type { Request, Response } from 'express';
import { EmailLog, EmailLogPage, statusHref } from '../../views/mail/admin-emails.js';
import { PreferencesForm, PreferencesPage } from '../../views/mail/preferences.js';
import { services } from '../deps.js';
import { redirect, render } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { mailPaths } from './paths.js';
import { preferencesPage, readPreferencesForm, savePreferencesFor } from './preferences.js';
import { listEmails, type EmailStatus } from './queries.js';

const PAGE = 50;
const STATUSES: readonly EmailStatus[] = ['queued', 'sending', 'sent', 'failed'];

async function showPreferences(req: Request, res: Response, opts: { status?: number; error?: string; saved?: boolean } = {}) {
  const user = req.user!;
  const groups = await preferencesPage(services(req).db, user.id, !!user.is_admin);
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: 'Notifications',
    status: opts.status,
    body: (ctx) => <PreferencesPage groups={groups} csrf={ctx.csrf} email={user.email} error={opts.error} isAdmin={!!user.is_admin} />,
    fragment: (ctx) => <PreferencesForm groups={groups} csrf={ctx.csrf} error={opts.error} saved={opts.saved} />,
  });
}

/** A user's notification preferences, and the admins' delivery log. */
export const mailController = {
  preferences: (req: Request, res: Response) => showPreferences(req, res),

  async savePreferences(req: Request, res: Response) {
    const user = req.user!;
    const result = await savePreferencesFor(services(req).db, user.id, !!user.is_admin, readPreferencesForm(req.body));
    if (!result.ok) return showPreferences(req, res, { status: 422, error: result.message });
    if (req.htmx.request && !req.htmx.boosted) return showPreferences(req, res, { saved: true });
    redirect(req, res, mailPaths.notificationPreferences(), { kind: 'info', text: 'Your choices are saved.' });
  },

  async emails(req: Request, res: Response) {
    const s = services(req);
    const status: EmailStatus | '' = STATUSES.find((x) => x === req.query.status) ?? '';
    const beforeId = idParam(req.query.before);
    const rows = await listEmails(s.db, { status: status || undefined, beforeId, limit: PAGE + 1 });
    const shown = rows.slice(0, PAGE);
    const olderHref = rows.length > PAGE ? statusHref(status, shown[shown.length - 1].id) : null;
    const props = { rows: shown, status, olderHref, paged: !!beforeId };
    res.set('Cache-Control', 'no-store');
    await render(req, res, {
      title: 'Emails',
      body: () => <EmailLogPage {...props} inboxUrl={s.config.MAIL_INBOX_URL} smtpConfigured={!!s.config.SMTP_URL} />,
      fragment: () => <EmailLog {...props} />,
    });
  },
};
