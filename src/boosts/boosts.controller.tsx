import { formatDateTime } from '../lib/locale.js';
import type { Request, Response } from 'express';
import { BoostBox, BoostPage, type BoostBoxData } from '../../views/boosts/boost-box.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { once, replyStored, IDEMPOTENCY_KEY_FIELD } from '../http/idempotency.js';
import { render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { balances } from '../ledger/ledger.js';
import { paths } from '../paths.js';
import { BoostRefused, buySchema, buyBoost } from './boosts.js';
import { activePlans, boostsOfListing, findListing, type BoostableListing } from './queries.js';

/** The listing, if the signed-in user is its seller; anyone else gets a 404 (no hint that it exists). */
async function ownListing(req: Request): Promise<BoostableListing> {
  const id = idParam(req.params.id);
  const listing = id ? await findListing(services(req).db, id) : undefined;
  if (!listing || listing.deleted_at || listing.seller_id !== req.user!.id) throw notFound('That listing');
  return listing;
}

async function boxData(req: Request, listing: BoostableListing): Promise<BoostBoxData> {
  const db = services(req).db;
  const [plans, wallet, boosts] = await Promise.all([activePlans(db), balances(db, req.user!.id), boostsOfListing(db, listing.id)]);
  return { plans, available: wallet.available, currency: wallet.currency, boosts, expiresAt: listing.expires_at };
}

/** The full box: a page of its own for a plain request, the bare box for htmx (which swaps it into the listing page). */
async function showBox(req: Request, res: Response, listing: BoostableListing, status = 200, form?: { error?: string; values?: Record<string, string> }) {
  const data = await boxData(req, listing);
  await render(req, res, {
    title: `Promote ${listing.title}`,
    status,
    body: (ctx) => <BoostPage listingId={listing.id} title={listing.title} csrf={ctx.csrf} promotedUntil={listing.promoted_until} data={data} error={form?.error} values={form?.values} />,
    fragment: (ctx) => <BoostBox listingId={listing.id} csrf={ctx.csrf} promotedUntil={listing.promoted_until} data={data} error={form?.error} values={form?.values} />,
  });
}

export const boostsController = {
  async show(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    await showBox(req, res, await ownListing(req));
  },

  async buy(req: Request, res: Response) {
    const listing = await ownListing(req);
    const values = { plan_id: typeof req.body?.plan_id === 'string' ? req.body.plan_id : '' };
    const parsed = parseForm(buySchema, req.body);
    if (!parsed.ok) return showBox(req, res, listing, 422, { error: parsed.errors.plan_id ?? 'Choose a plan.', values });
    const userId = req.user!.id;
    const key = req.body?.[IDEMPOTENCY_KEY_FIELD];
    try {
      const stored = await once(services(req).db, { userId, key, scope: 'boost.buy', params: { listingId: listing.id, planId: parsed.data.plan_id }, retentionDays: services(req).config.IDEMPOTENCY_RETENTION_DAYS }, async (trx) => {
        const boost = await buyBoost(trx, { sellerId: userId, listingId: listing.id, planId: parsed.data.plan_id, requestKey: String(key) });
        return {
          status: 303,
          redirect: paths.sellerListing(listing.id),
          flash: { kind: 'info', text: `Boost “${boost.plan_name}” bought: promoted until ${formatDateTime(boost.ends_at)}.` },
        };
      });
      await replyStored(req, res, stored);
    } catch (err) {
      if (!(err instanceof BoostRefused)) throw err;
      if (err.status === 404) throw notFound('That listing');
      const fresh = (await findListing(services(req).db, listing.id)) ?? listing;
      await showBox(req, res, fresh, err.status, { error: err.message, values });
    }
  },
};
