import type { Request, Response } from 'express';
import { AdminThreadPage, ReportedPage } from '../../views/conversations/admin.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { resolutionSchema } from './forms.js';
import { conversationsPaths as paths } from './paths.js';
import { canAdminReadConversation } from './policy.js';
import { findConversation, messagesOf, openReportsOf, reportedConversations } from './queries.js';
import { resolveConversationReports } from './safety.js';

/** A conversation an admin may read: only while a report about it is open (404 otherwise, as for anyone else). */
async function reportedConversation(req: Request) {
  const db = services(req).db;
  const id = idParam(req.params.id);
  const c = id ? await findConversation(db, id) : undefined;
  const reports = c ? await openReportsOf(db, c.id) : [];
  if (!c || !canAdminReadConversation(req.user!, reports.length)) throw notFound('That conversation');
  return { c, reports };
}

async function showReported(req: Request, res: Response, status?: number, state?: { value?: string; error?: string }) {
  const { c, reports } = await reportedConversation(req);
  const messages = await messagesOf(services(req).db, c.id, 500);
  await render(req, res, {
    title: 'Reported conversation',
    status,
    body: (ctx) => <AdminThreadPage c={c} messages={messages} reports={reports} csrf={ctx.csrf} state={state} />,
  });
}

export const conversationsAdminController = {
  async index(req: Request, res: Response) {
    const rows = await reportedConversations(services(req).db);
    await render(req, res, { title: 'Reported conversations', body: () => <ReportedPage rows={rows} /> });
  },

  async show(req: Request, res: Response) {
    await showReported(req, res);
  },

  /** Closes the open reports with a note (audited). */
  async resolve(req: Request, res: Response) {
    const parsed = parseForm(resolutionSchema, req.body);
    if (!parsed.ok) return showReported(req, res, 422, { value: parsed.values.note, error: parsed.errors.note });
    const { c } = await reportedConversation(req);
    if (!(await resolveConversationReports(services(req).db, req.user!.id, c.id, parsed.data.note))) throw notFound('That conversation');
    redirect(req, res, paths.adminReportedConversations(), { kind: 'info', text: 'The reports were closed.' });
  },
};
