import type { Request, Response } from 'express';
import { ModerationQueue, QueuePage, type QueueState } from '../../views/moderation/queue.js';
import { ReviewPage, type ReviewState } from '../../views/moderation/review.js';
import { auditFor } from '../audit/audit.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { listingImages } from '../media/queries.js';
import { paths } from '../paths.js';
import { extendListing, extensionSchema } from './expiry.js';
import { bulkSchema, claim, decide, decideMany, rejectionSchema, rejectionText, release, type Outcome } from './moderation.js';
import { flagsOf, pendingQueue, reviewListing, sellerHistory, variantsOf } from './queries.js';

function listingId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That listing');
  return id;
}

async function showQueue(req: Request, res: Response, status = 200, state?: QueueState) {
  const items = await pendingQueue(services(req).db);
  const now = clock.now();
  const viewerId = req.user!.id;
  await render(req, res, {
    title: 'Listing moderation',
    status,
    body: (ctx) => <QueuePage items={items} now={now} viewerId={viewerId} csrf={ctx.csrf} state={state} />,
    fragment: (ctx) => <ModerationQueue items={items} now={now} viewerId={viewerId} csrf={ctx.csrf} state={state} />,
  });
}

async function showReview(req: Request, res: Response, id: number, status = 200, state?: ReviewState) {
  const db = services(req).db;
  const listing = await reviewListing(db, id);
  if (!listing) throw notFound('That listing');
  const [variants, images, flags, history, audit] = await Promise.all([
    variantsOf(db, id),
    listingImages(db, id),
    flagsOf(db, id),
    sellerHistory(db, listing.seller_id),
    auditFor(db, 'listing', id).limit(50),
  ]);
  const d = { listing, variants, images, flags, history, audit };
  await render(req, res, { title: `Review: ${listing.title}`, status, body: (ctx) => <ReviewPage d={d} now={clock.now()} viewerId={req.user!.id} csrf={ctx.csrf} state={state} /> });
}

/** A refused action goes back to the queue with the reason; a done one with what happened. */
function after(req: Request, res: Response, r: Outcome, done: string) {
  if (!r.ok) return redirect(req, res, paths.adminModeration(), { kind: 'error', text: r.message });
  redirect(req, res, paths.adminModeration(), { kind: 'info', text: done });
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const moderationController = {
  index: (req: Request, res: Response) => showQueue(req, res),

  show: (req: Request, res: Response) => showReview(req, res, listingId(req)),

  async claim(req: Request, res: Response) {
    const id = listingId(req);
    const r = await claim(services(req).db, services(req).config, req.user!.id, id);
    if (!r.ok) return redirect(req, res, paths.adminModeration(), { kind: 'error', text: r.message });
    redirect(req, res, paths.adminModerationItem(id));
  },

  async release(req: Request, res: Response) {
    const id = listingId(req);
    const ok = await release(services(req).db, req.user!.id, id);
    redirect(req, res, paths.adminModeration(), ok ? { kind: 'info', text: 'Released back to the queue.' } : { kind: 'error', text: 'You were not reviewing that listing.' });
  },

  async approve(req: Request, res: Response) {
    const r = await decide(services(req).db, services(req).config, req.user!.id, listingId(req), { status: 'approved' });
    after(req, res, r, r.ok ? `Approved “${r.listing.title}”.` : '');
  },

  async reject(req: Request, res: Response) {
    const id = listingId(req);
    const parsed = parseForm(rejectionSchema, req.body);
    if (!parsed.ok) return showReview(req, res, id, 422, { form: 'reject', values: parsed.values, errors: parsed.errors });
    const r = await decide(services(req).db, services(req).config, req.user!.id, id, { status: 'rejected', reason: rejectionText(parsed.data.reason, parsed.data.note) });
    after(req, res, r, r.ok ? `Rejected “${r.listing.title}”.` : '');
  },

  async decideMany(req: Request, res: Response) {
    const parsed = parseForm(bulkSchema, req.body);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const selected = ([] as unknown[]).concat(raw.ids ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (!parsed.ok) return showQueue(req, res, 422, { values: parsed.values, errors: parsed.errors, selected });
    const { ids, decision, reason, note } = parsed.data;
    if (decision === 'reject') {
      const check = parseForm(rejectionSchema, { reason, note });
      if (!check.ok) return showQueue(req, res, 422, { values: { note }, errors: check.errors, selected });
    }
    const verdict = decision === 'approve' ? ({ status: 'approved' } as const) : ({ status: 'rejected', reason: rejectionText(reason!, note) } as const);
    const r = await decideMany(services(req).db, services(req).config, req.user!.id, ids, verdict);
    const verb = decision === 'approve' ? 'Approved' : 'Rejected';
    const skipped = r.skipped ? ` ${plural(r.skipped, 'listing')} skipped (another admin is reviewing it, or it was already decided).` : '';
    redirect(req, res, paths.adminModeration(), { kind: r.decided ? 'info' : 'error', text: `${verb} ${plural(r.decided, 'listing')}.${skipped}` });
  },

  async extend(req: Request, res: Response) {
    const id = listingId(req);
    const parsed = parseForm(extensionSchema, req.body);
    if (!parsed.ok) return showReview(req, res, id, 422, { form: 'extend', values: parsed.values, errors: parsed.errors });
    const r = await extendListing(services(req).db, req.user!.id, id, parsed.data);
    if (!r.ok) return redirect(req, res, paths.adminModerationItem(id), { kind: 'error', text: r.message });
    redirect(req, res, paths.adminModerationItem(id), { kind: 'info', text: `Extended by ${plural(parsed.data.days, 'day')}.` });
  },
};
