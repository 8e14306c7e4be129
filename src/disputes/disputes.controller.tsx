import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { OpenDisputePage, type OpenFormState } from '../../views/disputes/new.js';
import { DisputePage, type DisputeFormState } from '../../views/disputes/show.js';
import { DisputeStatusBlock } from '../../views/disputes/status.js';
import { DisputeThread } from '../../views/disputes/thread.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { MediaRefusal } from '../media/images.js';
import { storeFor } from '../media/storage.js';
import { findSellerOrder, linesOfSellerOrder, sellerShop, type SellerOrderRow } from '../orders/queries.js';
import { paths } from '../paths.js';
import { decide, openDispute, postMessage, refusalToOpen, sellerRefund, withdraw, type DisputeResult } from './disputes.js';
import { decisionSchema, messageSchema, openSchema, refundSchema } from './forms.js';
import { PHOTO_TYPE, removePhotos, storeDisputePhotos } from './photos.js';
import { disputable, ownsPurchase, partyOf, type Party } from './policy.js';
import { disputeView, findMessage, messagesOf, unresolvedOf, type DisputeView } from './queries.js';
import { uploadedPhotos } from './uploads.js';

const db = (req: Request) => services(req).db;
const store = (req: Request) => storeFor(services(req).config);

/** The seller order, if the signed-in user bought it; anyone else gets a 404. */
async function ownPurchase(req: Request): Promise<SellerOrderRow> {
  const id = idParam(req.params.id);
  const so = id ? await findSellerOrder(db(req), id) : undefined;
  if (!so || !ownsPurchase(req.user!, so)) throw notFound('That order');
  return so;
}

/** The dispute and the viewer's part in it; anyone not a party (nor an admin) gets a 404. */
async function viewable(req: Request): Promise<{ d: DisputeView; party: Party }> {
  const id = idParam(req.params.id);
  const d = id ? await disputeView(db(req), id) : undefined;
  const party = d ? partyOf(req.user!, d) : null;
  if (!d || !party) throw notFound('That dispute');
  return { d, party };
}

async function showOpenForm(req: Request, res: Response, so: SellerOrderRow, status = 200, state?: OpenFormState) {
  const [lines, shops] = await Promise.all([linesOfSellerOrder(db(req), so.id), sellerShop(db(req), [so.seller_id])]);
  const allowed = disputable(so);
  const order = { orderId: so.order_id, sellerOrderId: so.id, shopName: shops.get(so.seller_id)?.shop_name ?? 'the seller', total: so.total, currency: so.currency, status: so.status, lines };
  await render(req, res, {
    title: 'Report a problem',
    status,
    body: (ctx) => <OpenDisputePage csrf={ctx.csrf} order={order} lines={lines} allowed={allowed} state={{ ...state, refusal: state?.refusal ?? (allowed ? undefined : refusalToOpen(so)) }} />,
  });
}

async function showDispute(req: Request, res: Response, d: DisputeView, party: Party, status = 200, state?: DisputeFormState) {
  const [lines, messages] = await Promise.all([linesOfSellerOrder(db(req), d.seller_order_id), messagesOf(db(req), d.id)]);
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: `Dispute #${d.id}`,
    status,
    body: (ctx) => <DisputePage csrf={ctx.csrf} dispute={d} lines={lines} messages={messages} party={party} state={state} />,
  });
}

/** Answers a refused action: a 404 for what the viewer may not touch, otherwise the page with the reason. */
async function refused(req: Request, res: Response, result: Exclude<DisputeResult, { ok: true }>, form: DisputeFormState['form'], values?: Record<string, string>) {
  if (result.notFound) throw notFound('That dispute');
  const { d, party } = await viewable(req);
  await showDispute(req, res, d, party, 409, { form, message: result.message, values });
}

/** Stores the photos of a multipart form; a refusal is shown beside the photos field. */
async function photosOf(req: Request, res: Response): Promise<{ keys: string[] } | { refusal: MediaRefusal }> {
  const early = res.locals.disputeUploadRefusal as MediaRefusal | undefined;
  if (early) return { refusal: early };
  try {
    return { keys: await storeDisputePhotos(store(req), uploadedPhotos(req)) };
  } catch (err) {
    if (err instanceof MediaRefusal) return { refusal: err };
    throw err;
  }
}

export const disputesController = {
  /** GET the form to report a problem with one seller's part of the buyer's order. */
  async newForm(req: Request, res: Response) {
    const so = await ownPurchase(req);
    const open = await unresolvedOf(db(req), so.id);
    if (open) return redirect(req, res, paths.dispute(open.id));
    await showOpenForm(req, res, so);
  },

  /** POST opens the dispute (multipart with photos, or a plain form without). */
  async open(req: Request, res: Response) {
    const so = await ownPurchase(req);
    const parsed = parseForm(openSchema, req.body);
    if (!parsed.ok) return showOpenForm(req, res, so, 422, { errors: parsed.errors, values: parsed.values });
    const values = { reason: parsed.data.reason, message: parsed.data.message };
    const photos = await photosOf(req, res);
    if ('refusal' in photos) return showOpenForm(req, res, so, photos.refusal.status, { errors: { photos: photos.refusal.message }, values });
    const result = await openDispute(db(req), {
      viewer: req.user!,
      sellerOrderId: so.id,
      reason: parsed.data.reason,
      body: parsed.data.message,
      imageKeys: photos.keys,
      escalationDays: services(req).config.DISPUTE_ESCALATION_DAYS,
    });
    if (!result.ok) {
      await removePhotos(store(req), photos.keys);
      if (result.notFound) throw notFound('That order');
      const fresh = (await findSellerOrder(db(req), so.id)) ?? so;
      return showOpenForm(req, res, fresh, 409, { refusal: result.message, values });
    }
    redirect(req, res, paths.dispute(result.dispute.id), { kind: 'info', text: 'The dispute is open. The payment to the seller is paused until it is resolved.' });
  },

  async show(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    await showDispute(req, res, d, party);
  },

  /** GET the live thread (a fragment for htmx, the whole page otherwise). */
  async thread(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    const messages = await messagesOf(db(req), d.id);
    if (!req.htmx.request) return showDispute(req, res, d, party);
    res.set('Cache-Control', 'no-store');
    await render(req, res, { title: `Dispute #${d.id}`, body: () => <DisputeThread dispute={d} messages={messages} /> });
  },

  /** GET the live status (a fragment for htmx, the whole page otherwise). */
  async status(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    if (!req.htmx.request) return showDispute(req, res, d, party);
    res.set('Cache-Control', 'no-store');
    await render(req, res, { title: `Dispute #${d.id}`, body: () => <DisputeStatusBlock dispute={d} /> });
  },

  /** GET one photo of a message: the parties and admins only, never cached by shared caches. */
  async photo(req: Request, res: Response) {
    const { d } = await viewable(req);
    const messageId = idParam(req.params.messageId);
    const n = idParam(req.params.n);
    const m = messageId ? await findMessage(db(req), d.id, messageId) : undefined;
    const key = m && n ? m.image_keys[n - 1] : undefined;
    if (!key) throw notFound('That photo');
    const obj = await store(req).get(key);
    if (!obj) throw notFound('That photo');
    res.set({ 'Content-Type': PHOTO_TYPE, 'Content-Length': String(obj.bytes), 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    await pipeline(obj.stream, res);
  },

  /** POST a message (with photos) to the thread. */
  async reply(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    const parsed = parseForm(messageSchema, req.body);
    if (!parsed.ok) return showDispute(req, res, d, party, 422, { form: 'reply', errors: parsed.errors, values: parsed.values });
    const values = { message: parsed.data.message };
    const photos = await photosOf(req, res);
    if ('refusal' in photos) return showDispute(req, res, d, party, photos.refusal.status, { form: 'reply', errors: { photos: photos.refusal.message }, values });
    const result = await postMessage(db(req), { viewer: req.user!, disputeId: d.id, body: parsed.data.message, imageKeys: photos.keys });
    if (!result.ok) {
      await removePhotos(store(req), photos.keys);
      return refused(req, res, result, 'reply', values);
    }
    redirect(req, res, paths.dispute(d.id), { kind: 'info', text: 'Message sent.' });
  },

  /** POST: the seller refunds the buyer in full or in part. */
  async refund(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    if (party !== 'seller') throw notFound('That dispute');
    const parsed = parseForm(refundSchema, req.body);
    if (!parsed.ok) return showDispute(req, res, d, party, 422, { form: 'refund', errors: parsed.errors, values: parsed.values });
    const result = await sellerRefund(db(req), req.user!, d.id, parsed.data.amount);
    if (!result.ok) return refused(req, res, result, 'refund', { amount: String(req.body?.amount ?? '') });
    redirect(req, res, paths.dispute(d.id), { kind: 'info', text: 'Refund made. The dispute is resolved.' });
  },

  /** POST: the buyer withdraws the dispute. */
  async withdraw(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    if (party !== 'buyer') throw notFound('That dispute');
    const result = await withdraw(db(req), req.user!, d.id);
    if (!result.ok) return refused(req, res, result, 'withdraw');
    redirect(req, res, paths.dispute(d.id), { kind: 'info', text: 'Dispute withdrawn. The seller is paid.' });
  },

  /** POST: an admin decides (release, full refund or split) with a reason. */
  async decide(req: Request, res: Response) {
    const { d, party } = await viewable(req);
    if (party !== 'admin') throw notFound('That dispute');
    const parsed = parseForm(decisionSchema, req.body);
    if (!parsed.ok) return showDispute(req, res, d, party, 422, { form: 'decision', errors: parsed.errors, values: parsed.values });
    const result = await decide(db(req), req.user!, d.id, parsed.data);
    if (!result.ok) return refused(req, res, result, 'decision', parsed.ok ? valuesOf(req.body) : undefined);
    redirect(req, res, paths.dispute(d.id), { kind: 'info', text: 'Decision recorded. Both parties are told.' });
  },
};

function valuesOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}
