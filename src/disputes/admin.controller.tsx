import type { Request, Response } from 'express';
import { DisputeQueuePage } from '../../views/disputes/admin-queue.js';
import { services } from '../deps.js';
import { render } from '../http/render.js';
import { adminQueue, type QueueFilter } from './queries.js';

const FILTERS: readonly QueueFilter[] = ['unresolved', 'open', 'escalated', 'resolved'];

export const disputesAdminController = {
  /** GET the queue: escalated first, then open by age; `?status=` filters (anything else shows what is waiting). */
  async index(req: Request, res: Response) {
    const asked = typeof req.query.status === 'string' ? req.query.status : '';
    const filter = (FILTERS as readonly string[]).includes(asked) ? (asked as QueueFilter) : 'unresolved';
    const rows = await adminQueue(services(req).db, filter);
    res.set('Cache-Control', 'no-store');
    await render(req, res, { title: 'Disputes', body: () => <DisputeQueuePage filter={filter} rows={rows} /> });
  },
};
