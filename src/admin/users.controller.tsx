import type { Request, Response } from 'express';
import { UserPage, UsersPage, type AuditRow } from '../../views/admin/users.js';
import { blockSchema, blockUser, unblockSchema, unblockUser } from '../accounts/blocking.js';
import { findUserById, searchUsers } from '../accounts/queries.js';
import { auditFor } from '../audit/audit.js';
import { strikesOf } from '../auctions/strikes.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';

const PAGE = 50;

async function showUser(req: Request, res: Response, id: number, status = 200, values?: Record<string, string>, errors?: FieldErrors) {
  const db = services(req).db;
  const user = await findUserById(db, id);
  if (!user) throw notFound('That user');
  const audit = (await auditFor(db, 'user', id).limit(50)) as AuditRow[];
  const strikes = await strikesOf(db, id);
  await render(req, res, { title: user.display_name, status, body: (ctx) => <UserPage user={user} audit={audit} csrf={ctx.csrf} values={values} errors={errors} strikes={strikes} /> });
}

export const usersController = {
  async index(req: Request, res: Response) {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const page = Math.max(1, Math.min(1000, Number(req.query.page) || 1));
    const rows = await searchUsers(services(req).db, q, PAGE + 1, (page - 1) * PAGE);
    await render(req, res, { title: 'Users', body: () => <UsersPage users={rows.slice(0, PAGE)} q={q} page={page} hasMore={rows.length > PAGE} /> });
  },

  async show(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That user');
    await showUser(req, res, id);
  },

  async block(req: Request, res: Response) {
    const s = services(req);
    const id = idParam(req.params.id);
    if (!id) throw notFound('That user');
    const parsed = parseForm(blockSchema, req.body);
    if (!parsed.ok) return showUser(req, res, id, 422, parsed.values, parsed.errors);
    const result = await blockUser(s.db, req.user!.id, id, parsed.data);
    if (!result.ok) return showUser(req, res, id, 422, { reason: parsed.data.reason }, { form: result.message });
    // every session ends now, on every device; open pages hear it through the outbox event
    const ended = await s.sessions.destroyAll(id);
    redirect(req, res, paths.adminUser(id), { kind: 'info', text: `User blocked; ${ended} session${ended === 1 ? '' : 's'} ended.` });
  },

  async unblock(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That user');
    const parsed = parseForm(unblockSchema, req.body);
    if (!parsed.ok) return showUser(req, res, id, 422, parsed.values, parsed.errors);
    const result = await unblockUser(services(req).db, req.user!.id, id, parsed.data.reason);
    if (!result.ok) return showUser(req, res, id, 422, { reason: parsed.data.reason }, { form: result.message });
    redirect(req, res, paths.adminUser(id), { kind: 'info', text: 'User unblocked.' });
  },
};
