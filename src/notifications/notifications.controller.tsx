import type { Request, Response } from 'express';
import { NotificationBadge } from '../../views/components/badge.js';
import { NotificationItem, NotificationsPage } from '../../views/notifications/index.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { hx } from '../http/htmx.js';
import { pageContext, redirect, render, sendFragment } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { paths } from '../paths.js';
import { findForUser, listForUser, markAllRead, markRead, unreadCount } from './queries.js';

const PAGE = 30;

export const notificationsController = {
  async index(req: Request, res: Response) {
    const before = idParam(req.query.before);
    const rows = await listForUser(services(req).db, req.user!.id, before, PAGE + 1);
    const items = rows.slice(0, PAGE);
    const nextBefore = rows.length > PAGE ? items[items.length - 1].id : null;
    await render(req, res, { title: 'Notifications', body: (ctx) => <NotificationsPage items={items} csrf={ctx.csrf} nextBefore={nextBefore} /> });
  },

  async badge(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <NotificationBadge count={await unreadCount(services(req).db, req.user!.id)} />);
  },

  async read(req: Request, res: Response) {
    const db = services(req).db;
    const id = idParam(req.params.id);
    // someone else's notification is indistinguishable from a missing one
    const n = id ? await findForUser(db, req.user!.id, id) : undefined;
    if (!n) throw notFound('That notification');
    await markRead(db, req.user!.id, n.id);
    if (!req.htmx.request) return redirect(req, res, n.link ?? paths.notifications());
    hx.trigger(res, 'notifications-changed');
    const ctx = await pageContext(req, res);
    const updated = (await findForUser(db, req.user!.id, n.id))!;
    await sendFragment(res, <NotificationItem n={updated} csrf={ctx.csrf} />);
  },

  async readAll(req: Request, res: Response) {
    await markAllRead(services(req).db, req.user!.id);
    redirect(req, res, paths.notifications());
  },
};
