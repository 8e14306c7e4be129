import type { Request, Response } from 'express';
import { z } from 'zod';
import { AdminOrderPage, AdminOrdersPage } from '../../views/orders/admin-orders.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { render } from '../http/render.js';
import { idParam, type FieldErrors } from '../http/validate.js';
import { ADMIN_PAGE, adminSellerOrders, parties, transfersOfOrder, type AdminOrderFilter } from './admin-queries.js';
import { eventsOf, findOrder, linesOfOrder, sellerOrdersOf } from './queries.js';
import { SELLER_ORDER_STATUSES, type SellerOrderStatus } from './states.js';

const DAY = 86_400_000;
const date = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'That is not a date.');
const fields = {
  order: z.string().trim().regex(/^#?\d{1,15}$/, 'An order number is digits only.'),
  seller: z.string().trim().min(1).max(200, 'At most 200 characters.'),
  buyer: z.string().trim().min(1).max(200, 'At most 200 characters.'),
  from: date,
  to: date,
};

/** The filters as typed; each valid one applies, each invalid one is shown beside its field and ignored. */
function filterOf(query: Request['query']): { filter: AdminOrderFilter; values: Record<string, string>; errors: FieldErrors } {
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  const filter: AdminOrderFilter = {};
  const raw = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  if ((SELLER_ORDER_STATUSES as string[]).includes(raw('status'))) {
    filter.status = raw('status') as SellerOrderStatus;
    values.status = raw('status');
  }
  for (const [k, schema] of Object.entries(fields)) {
    const v = raw(k);
    if (!v.trim()) continue;
    values[k] = v.slice(0, 200);
    const r = schema.safeParse(v);
    if (!r.success) {
      errors[k] = r.error.issues[0]?.message ?? 'Not valid.';
      continue;
    }
    const s = r.data;
    if (k === 'order') filter.orderId = Number(s.replace('#', ''));
    else if (k === 'seller') filter.seller = s;
    else if (k === 'buyer') filter.buyer = s;
    else if (k === 'from') filter.from = new Date(`${s}T00:00:00Z`);
    else if (k === 'to') filter.to = new Date(Date.parse(`${s}T00:00:00Z`) + DAY);
  }
  filter.before = idParam(query.before) ?? undefined;
  return { filter, values, errors };
}

export const adminOrdersController = {
  async index(req: Request, res: Response) {
    const { filter, values, errors } = filterOf(req.query);
    const rows = await adminSellerOrders(services(req).db, filter);
    const next = rows.length === ADMIN_PAGE ? new URLSearchParams({ ...values, before: String(rows[rows.length - 1].id) }).toString() : null;
    await render(req, res, { title: 'Orders', body: () => <AdminOrdersPage rows={rows} values={values} errors={errors} next={next} /> });
  },

  async show(req: Request, res: Response) {
    const db = services(req).db;
    const id = idParam(req.params.id);
    const order = id ? await findOrder(db, id) : undefined;
    if (!order) throw notFound('That order');
    const [parts, lines, events, transfers] = await Promise.all([sellerOrdersOf(db, order.id), linesOfOrder(db, order.id), eventsOf(db, order.id), transfersOfOrder(db, order.id)]);
    const people = await parties(db, [order.buyer_id, ...parts.map((p) => p.seller_id)]);
    await render(req, res, { title: `Order #${order.id}`, body: () => <AdminOrderPage order={order} parts={parts} lines={lines} events={events} transfers={transfers} people={people} /> });
  },
};
