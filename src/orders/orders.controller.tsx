import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { BuyerOrder, type BuyerOrderErrors, type BuyerOrderView } from '../../views/orders/buyer-order.js';
import { BuyerOrdersPage } from '../../views/orders/buyer-orders.js';
import { SellerCancelForm, SellerCancelPage } from '../../views/orders/cancel-part.js';
import { Flash } from '../../views/layouts/page.js';
import { services } from '../deps.js';
import { documentsForOrder } from '../documents/queries.js';
import { entitlementsForOrder } from '../downloads/queries.js';
import { safeNext } from '../http/auth.js';
import { notFound } from '../http/errors.js';
import { once, replyStored, type StoredResponse } from '../http/idempotency.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { hx } from '../http/htmx.js';
import { idParam } from '../http/validate.js';
import { gatewayFor } from '../payments/gateway.js';
import { noteWebOrigin } from '../payments/local-events.js';
import { paths } from '../paths.js';
import { buyerOrders, shopNames } from './buyer-queries.js';
import { lapseOrder } from './expiry.js';
import { moneyMoved } from './money-moved.js';
import { partDisputes } from './part-disputes.js';
import { cancelSellerOrder, confirmReceipt, type ActResult } from './fulfilment.js';
import { startCardPayment } from './payment.js';
import { eventsOf, findOrder, findSellerOrder, linesOfOrder, sellerOrdersOf, type OrderRow, type SellerOrderRow } from './queries.js';

const REASON_MAX = 500;

async function loadView(db: Knex, order: OrderRow): Promise<BuyerOrderView> {
  const [parts, lines, events, entitlements, documents] = await Promise.all([
    sellerOrdersOf(db, order.id),
    linesOfOrder(db, order.id),
    eventsOf(db, order.id),
    entitlementsForOrder(db, order.id, order.buyer_id),
    documentsForOrder(db, order.id),
  ]);
  const [shops, money, disputes] = await Promise.all([shopNames(db, [...new Set(parts.map((p) => p.seller_id))]), moneyMoved(db, parts), partDisputes(db, parts.map((p) => p.id))]);
  return { order, parts, lines, events, shops, entitlements, documents, money, disputes };
}

/** The signed-in buyer's own order; anybody else's (the sellers' included) is "not found". */
async function ownOrder(req: Request): Promise<OrderRow> {
  const id = idParam(req.params.id);
  const order = id ? await findOrder(services(req).db, id) : undefined;
  if (!order || order.buyer_id !== req.user!.id) throw notFound('That order');
  return order;
}

/** A seller order the signed-in user is the buyer or the seller of. */
async function partyTo(req: Request): Promise<SellerOrderRow> {
  const id = idParam(req.params.id);
  const so = id ? await findSellerOrder(services(req).db, id) : undefined;
  const me = req.user!.id;
  if (!so || (so.buyer_id !== me && so.seller_id !== me)) throw notFound('That order');
  return so;
}

/** The order page; for htmx (an action or a live re-fetch) the `#order-<id>` part, with the flash out of band. */
async function showOrder(req: Request, res: Response, order: OrderRow, opts: { status?: number; errors?: BuyerOrderErrors; flash?: { kind: 'info' | 'error'; text: string } } = {}) {
  const s = services(req);
  const view = await loadView(s.db, order);
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: `Order #${order.id}`,
    status: opts.status,
    body: (ctx) => <BuyerOrder csrf={ctx.csrf} view={view} errors={opts.errors} />,
    fragment: (ctx) => (
      <>
        <BuyerOrder csrf={ctx.csrf} view={view} errors={opts.errors} />
        {opts.flash ? <Flash flash={opts.flash} oob /> : ''}
      </>
    ),
  });
}

type Outcome = { ok: true; text: string } | { ok: false; message: string; notFound?: boolean };

/**
 * Runs one money-moving action of the buyer once per form (its one-time key): a
 * double click or a retry answers what the first did. Success goes back to the
 * order (the refreshed order for htmx); a refusal shows the order again with the
 * message where it belongs.
 */
async function act(req: Request, res: Response, order: OrderRow, scope: string, params: Record<string, unknown>, run: (trx: Knex.Transaction) => Promise<Outcome>, errorsFor: (message: string) => BuyerOrderErrors) {
  const s = services(req);
  const stored = await once(s.db, { userId: req.user!.id, key: req.body?.idempotency_key, scope, params, retentionDays: s.config.IDEMPOTENCY_RETENTION_DAYS }, async (trx) => {
    const r = await run(trx);
    if (!r.ok) return { status: r.notFound ? 404 : 422, flash: { kind: 'error', text: r.message } };
    return { status: 303, redirect: paths.order(order.id), flash: { kind: 'info', text: r.text } };
  });
  if (stored.status === 404) throw notFound('That order');
  const fresh = (await findOrder(s.db, order.id)) ?? order;
  if (stored.status >= 400) return showOrder(req, res, fresh, { status: stored.status, errors: errorsFor(stored.flash?.text ?? 'That did not work. Nothing was changed.') });
  if (req.htmx.request && !req.htmx.boosted) return showOrder(req, res, fresh, { flash: stored.flash });
  await replyStored(req, res, stored);
}

const outcome = (r: ActResult, text: (so: SellerOrderRow) => string): Outcome => (r.ok ? { ok: true, text: text(r.sellerOrder) } : r);

/** The reason typed in a cancellation form, trimmed. */
const reasonOf = (req: Request): string => (typeof req.body?.reason === 'string' ? req.body.reason.trim() : '');

/** Where a seller goes back to after cancelling: the page they came from, else their view of the order. */
function sellerBack(req: Request, so: SellerOrderRow): string {
  const next = req.body?.next;
  return typeof next === 'string' && next !== '' ? safeNext(next) : paths.sellerOrder(so.id);
}

export const ordersController = {
  async index(req: Request, res: Response) {
    const s = services(req);
    const before = idParam(req.query.before) ?? undefined;
    const { orders, next } = await buyerOrders(s.db, req.user!.id, before);
    res.set('Cache-Control', 'no-store');
    await render(req, res, { title: 'Your orders', body: () => <BuyerOrdersPage orders={orders} next={next} paged={before !== undefined} /> });
  },

  async show(req: Request, res: Response) {
    await showOrder(req, res, await ownOrder(req));
  },

  /** Starts (or resumes: one gateway payment per order) the card part and sends the buyer to the hosted page. */
  async pay(req: Request, res: Response) {
    const s = services(req);
    const order = await ownOrder(req);
    void noteWebOrigin(req, s.config, s.redis).catch(() => {});
    if (order.status !== 'awaiting_payment' || order.card_amount === 0) {
      return showOrder(req, res, order, { status: 422, errors: { order: order.status === 'paid' ? 'This order is already paid.' : 'This order was cancelled; it can no longer be paid.' } });
    }
    try {
      const path = paths.order(order.id);
      const { redirectUrl } = await startCardPayment(s.db, gatewayFor(s.config, s), order, s.config.PAYMENTS === 'stripe' ? new URL(path, s.config.PUBLIC_URL).href : path);
      if (req.htmx.request) {
        res.set('HX-Redirect', redirectUrl).status(200).end();
        return;
      }
      res.redirect(303, redirectUrl);
    } catch (err) {
      req.log?.error({ err, orderId: order.id }, 'card payment for an order could not be started');
      await showOrder(req, res, order, { status: 502, errors: { order: 'The payment service could not be reached. Nothing was charged; please try again in a moment.' } });
    }
  },

  /** Cancels the buyer's unpaid order: the reserved items go back on sale, the wallet part is freed. */
  async cancel(req: Request, res: Response) {
    const order = await ownOrder(req);
    const buyerId = req.user!.id;
    await act(
      req,
      res,
      order,
      'orders.cancel',
      { orderId: order.id },
      async (trx) => {
        const r = await lapseOrder(trx, order.id, { by: 'buyer', buyerId });
        return r.ok ? { ok: true, text: `Order #${order.id} is cancelled. Nothing was charged.` } : r;
      },
      (message) => ({ order: message }),
    );
  },

  /** The buyer received the goods (or the service): the seller is paid now. */
  async confirmReceipt(req: Request, res: Response) {
    const so = await partyTo(req);
    const me = req.user!.id;
    if (so.buyer_id !== me) throw notFound('That order');
    const order = (await findOrder(services(req).db, so.order_id))!;
    await act(
      req,
      res,
      order,
      'orders.receipt',
      { sellerOrderId: so.id },
      async (trx) => outcome(await confirmReceipt(trx, so.id, { role: 'buyer', userId: me }), () => 'Thank you for confirming. The seller has been paid.'),
      (message) => ({ parts: { [so.id]: { form: message } } }),
    );
  },

  /**
   * Cancels one seller's part before it ships, for either party: the seller of the
   * order cancels as the seller (a reason is required, the buyer sees it), the buyer
   * as the buyer. The money goes back to the buyer's wallet, the stock back on sale.
   */
  async cancelPart(req: Request, res: Response) {
    const s = services(req);
    const so = await partyTo(req);
    const me = req.user!.id;
    const reason = reasonOf(req);
    if (so.seller_id === me) return cancelAsSeller(req, res, so, reason);
    const order = (await findOrder(s.db, so.order_id))!;
    if (reason.length > REASON_MAX) {
      return showOrder(req, res, order, { status: 422, errors: { parts: { [so.id]: { reason: `Use at most ${REASON_MAX} characters.`, value: reason } } } });
    }
    await act(
      req,
      res,
      order,
      'orders.cancel-part',
      { sellerOrderId: so.id, reason },
      async (trx) => outcome(await cancelSellerOrder(trx, so.id, { role: 'buyer', userId: me }, reason), () => 'This part is cancelled; the money for it is back in your wallet.'),
      (message) => ({ parts: { [so.id]: { form: message, value: reason } } }),
    );
  },
};

/**
 * The seller's side of a cancellation: a reason is required (the buyer sees it).
 * The seller's order page posts here without a one-time key (a second cancel is
 * refused by the state table); a key, when sent, makes a retry answer the same.
 */
async function cancelAsSeller(req: Request, res: Response, so: SellerOrderRow, reason: string) {
  const s = services(req);
  const me = req.user!.id;
  const back = sellerBack(req, so);
  const refuse = async (status: number, errors: { reason?: string; form?: string }) => {
    const props = { csrf: s.csrfToken(req, res), part: so, next: back, value: reason, errors };
    if (req.htmx.request && !req.htmx.boosted) {
      hx.retarget(res, `#cancel-form-${so.id}`, 'outerHTML');
      return sendFragment(res, <SellerCancelForm {...props} />, status);
    }
    await render(req, res, { title: `Cancel order #${so.order_id}`, status, body: (ctx) => <SellerCancelPage {...props} csrf={ctx.csrf} /> });
  };
  if (!reason) return refuse(422, { reason: 'Tell the buyer why you cancel.' });
  if (reason.length > REASON_MAX) return refuse(422, { reason: `Use at most ${REASON_MAX} characters.` });
  const run = async (db: Knex): Promise<StoredResponse> => {
    const r = await cancelSellerOrder(db, so.id, { role: 'seller', userId: me }, reason);
    if (!r.ok) return { status: r.notFound ? 404 : 422, flash: { kind: 'error', text: r.message } };
    return { status: 303, redirect: back, flash: { kind: 'info', text: `Order #${so.order_id} is cancelled and the buyer refunded.` } };
  };
  const key = req.body?.idempotency_key;
  const answer = key === undefined || key === '' ? await run(s.db) : await once(s.db, { userId: me, key, scope: 'orders.seller-cancel', params: { sellerOrderId: so.id, reason }, retentionDays: s.config.IDEMPOTENCY_RETENTION_DAYS }, run);
  if (answer.status === 404) throw notFound('That order');
  if (answer.status >= 400) return refuse(answer.status, { form: answer.flash?.text });
  if (answer.redirect) return redirect(req, res, answer.redirect, answer.flash);
  await replyStored(req, res, answer);
}
