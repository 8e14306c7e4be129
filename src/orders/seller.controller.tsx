import type { Request, Response } from 'express';
import { z } from 'zod';
import { SellerInboxPage, InboxList } from '../../views/orders/seller-inbox.js';
import { SellerOrderPage, SellerOrderPanel, type ActionState, type SellerOrderView } from '../../views/orders/seller-order.js';
import { services } from '../deps.js';
import { downloadLog } from '../downloads/queries.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { acceptOrder, markDelivered, shipOrder, type ActResult, type Actor } from './fulfilment.js';
import { moneyMoved } from './money-moved.js';
import { partDisputes } from './part-disputes.js';
import { buyerAndAddress, inboxCounts, inboxPageSize, inboxRows, INBOX_TABS } from './inbox-queries.js';
import { eventsOf, findSellerOrder, linesOfSellerOrder } from './queries.js';
import type { InboxTab } from './states.js';

/** Carrier and tracking number of a shipment. */
export const shipmentSchema = z.object({
  carrier: z.string().trim().min(2, 'Enter the carrier (at least 2 characters).').max(40, 'At most 40 characters.'),
  tracking_number: z
    .string()
    .trim()
    .min(4, 'Enter the tracking number (at least 4 characters).')
    .max(40, 'At most 40 characters.')
    .regex(/^[A-Za-z0-9 -]+$/, 'Use letters, digits, spaces and dashes only.'),
});

const tabOf = (v: unknown): InboxTab => (typeof v === 'string' && (INBOX_TABS as string[]).includes(v) ? (v as InboxTab) : 'new');

async function inbox(req: Request) {
  const db = services(req).db;
  const sellerId = req.user!.id;
  const tab = tabOf(req.query.tab);
  const before = idParam(req.query.before) ?? undefined;
  const [counts, rows] = await Promise.all([inboxCounts(db, sellerId), inboxRows(db, sellerId, tab, before)]);
  return { tab, counts, rows, more: rows.length === inboxPageSize ? rows[rows.length - 1].id : null };
}

const seller = (req: Request): Actor => ({ role: 'seller', userId: req.user!.id });

/** The seller's own part of an order, or 404 (someone else's answers like a missing one). */
async function ownOrder(req: Request): Promise<SellerOrderView> {
  const db = services(req).db;
  const id = idParam(req.params.id);
  const so = id ? await findSellerOrder(db, id) : undefined;
  if (!so || so.seller_id !== req.user!.id) throw notFound('That order');
  const [lines, events, who, downloads, money, disputes] = await Promise.all([
    linesOfSellerOrder(db, so.id),
    eventsOf(db, so.order_id, so.id),
    buyerAndAddress(db, so.order_id),
    so.fulfilment === 'digital' ? downloadLog(db, { sellerOrderId: so.id }) : Promise.resolve(null),
    moneyMoved(db, [so]),
    partDisputes(db, [so.id]),
  ]);
  return {
    so,
    lines,
    events,
    buyerName: who?.buyer_name ?? '',
    address: so.needs_shipping ? (who?.shipping_address ?? null) : null,
    placedAt: who?.placed_at ?? so.created_at,
    downloads,
    money: money.get(so.id),
    dispute: disputes.get(so.id),
  };
}

async function showOrder(req: Request, res: Response, view: SellerOrderView, state?: ActionState, status = 200) {
  await render(req, res, {
    title: `Order #${view.so.order_id}`,
    status,
    body: (ctx) => <SellerOrderPage {...view} csrf={ctx.csrf} state={state} />,
    fragment: (ctx) => <SellerOrderPanel {...view} csrf={ctx.csrf} state={state} />,
  });
}

/** After a transition: back to the order (post-redirect-get), or the refusal beside the action with 422 and nothing changed. */
async function after(req: Request, res: Response, action: ActionState['action'], result: ActResult, done: string) {
  if (!result.ok && result.notFound) throw notFound('That order');
  if (!result.ok) return showOrder(req, res, await ownOrder(req), { action, message: result.message }, 422);
  redirect(req, res, paths.sellerOrder(result.sellerOrder.id), { kind: 'info', text: done });
}

export const sellerOrdersController = {
  async index(req: Request, res: Response) {
    const props = await inbox(req);
    await render(req, res, { title: 'Orders', body: () => <SellerInboxPage {...props} />, fragment: () => <InboxList {...props} /> });
  },

  /** The live part of the inbox alone (tabs, counts, table). */
  async list(req: Request, res: Response) {
    const props = await inbox(req);
    await render(req, res, { title: 'Orders', body: () => <InboxList {...props} /> });
  },

  async show(req: Request, res: Response) {
    await showOrder(req, res, await ownOrder(req));
  },

  async accept(req: Request, res: Response) {
    const { so } = await ownOrder(req);
    const result = await acceptOrder(services(req).db, so.id, seller(req));
    await after(req, res, 'accept', result, so.fulfilment === 'service' ? 'Booking accepted; the buyer was told.' : 'Order accepted; the buyer was told.');
  },

  async ship(req: Request, res: Response) {
    const view = await ownOrder(req);
    const parsed = parseForm(shipmentSchema, req.body);
    if (!parsed.ok) return showOrder(req, res, view, { action: 'ship', errors: parsed.errors, values: parsed.values }, 422);
    const result = await shipOrder(services(req).db, view.so.id, seller(req), { carrier: parsed.data.carrier, trackingNumber: parsed.data.tracking_number });
    await after(req, res, 'ship', result, 'Marked as shipped; the buyer has the tracking number.');
  },

  async deliver(req: Request, res: Response) {
    const { so } = await ownOrder(req);
    const result = await markDelivered(services(req).db, so.id, seller(req));
    await after(req, res, 'deliver', result, 'Marked as delivered; the escrow period has started.');
  },
};
