import type { Request, Response } from 'express';
import { ApplicationQueue, ApplicationsPage } from '../../views/admin/applications.js';
import { AdminCounts } from '../../views/components/nav.js';
import { adminCounts } from './counts.js';
import { Flash } from '../../views/layouts/page.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { applicationsByStatus, recentlyDecided } from '../sellers/queries.js';
import { decide, rejectionSchema } from '../sellers/sellers.js';

async function showQueue(req: Request, res: Response, status = 200, errorsFor?: { id: number; errors: FieldErrors }) {
  const db = services(req).db;
  const [pending, decided] = await Promise.all([applicationsByStatus(db, 'pending'), recentlyDecided(db)]);
  await render(req, res, {
    title: 'Seller applications',
    status,
    body: (ctx) => <ApplicationsPage pending={pending} decided={decided} csrf={ctx.csrf} errorsFor={errorsFor} />,
    // a refused decision (e.g. another admin decided first) carries its message to #flash
    fragment: (ctx) => (
      <>
        <ApplicationQueue pending={pending} csrf={ctx.csrf} errorsFor={errorsFor} />
        {ctx.flash ? <Flash flash={ctx.flash} oob /> : ''}
      </>
    ),
  });
}

async function afterDecision(req: Request, res: Response, result: { ok: true } | { ok: false; message: string }, done: string) {
  if (!result.ok) {
    req.session.flash = { kind: 'error', text: result.message };
    if (req.htmx.request) return showQueue(req, res, 409);
    return redirect(req, res, paths.adminApplications());
  }
  if (req.htmx.request) {
    req.session.flash = undefined;
    return showQueue(req, res);
  }
  redirect(req, res, paths.adminApplications(), { kind: 'info', text: done });
}

export const applicationsController = {
  index: (req: Request, res: Response) => showQueue(req, res),

  async counts(req: Request, res: Response) {
    await sendFragment(res, <AdminCounts {...await adminCounts(services(req).db)} />);
  },

  async approve(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That application');
    const result = await decide(services(req).db, req.user!.id, id, { status: 'approved' });
    await afterDecision(req, res, result, 'Application approved.');
  },

  async reject(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That application');
    const parsed = parseForm(rejectionSchema, req.body);
    if (!parsed.ok) return showQueue(req, res, 422, { id, errors: parsed.errors });
    const result = await decide(services(req).db, req.user!.id, id, { status: 'rejected', reason: parsed.data.reason });
    await afterDecision(req, res, result, 'Application rejected.');
  },
};
