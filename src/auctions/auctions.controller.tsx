import type { Request, Response } from 'express';
import { z } from 'zod';
import { BidBox, CountdownScript } from '../../views/auctions/bid-box.js';
import { AuctionYouPart } from '../../views/auctions/live-parts.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { clock } from '../lib/clock.js';
import { streams } from '../realtime/streams.js';
import { auctionPublicOf, youState } from './page.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { formatMoney, MAX_MINOR, parseMoney } from '../lib/money.js';
import { paths } from '../paths.js';
import { placeBidOn, type BidAttempt, type BidResult } from './bidding.js';
import { bidLimit } from './ratelimit.js';
import { auctionSettings } from './settings.js';
import { bidBoxOfListing } from './view.js';

export const bidSchema = z.object({
  max: z
    .string({ error: 'Enter your maximum bid.' })
    .trim()
    .min(1, 'Enter your maximum bid.')
    .transform((v, ctx) => {
      const minor = parseMoney(v);
      if (minor === null || minor < 1) {
        ctx.addIssue({ code: 'custom', message: 'Enter an amount like 25 or 25.50.' });
        return z.NEVER;
      }
      return minor;
    })
    .refine((v) => v <= MAX_MINOR, 'That amount is too large.'),
});

function listingId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That auction');
  return id;
}

/** The bid box again: a page of its own for a plain form, the bare box for htmx. */
async function showBox(req: Request, res: Response, id: number, opts: { status?: number; values?: Record<string, string>; errors?: FieldErrors; notice?: string } = {}) {
  const db = services(req).db;
  const pub = await auctionPublicOf(db, id);
  if (!pub) throw notFound('That auction');
  const viewerId = req.user?.id ?? null;
  const you = viewerId !== null ? await youState(db, id, viewerId) : undefined;
  const now = clock.now();
  res.set('Cache-Control', 'no-store');
  const part = (csrf: string) => <BidBox box={pub.box} history={pub.history} now={now} csrf={csrf} viewerId={viewerId} you={you} values={opts.values} errors={opts.errors} notice={opts.notice} />;
  await render(req, res, {
    title: 'Bid',
    status: opts.status,
    streams: [streams.auction(id)],
    body: (ctx) => (
      <>
        {part(ctx.csrf)}
        <CountdownScript />
        <p>
          <a href={paths.listing(id)}>Back to the listing</a>
        </p>
      </>
    ),
    fragment: (ctx) => part(ctx.csrf),
  });
}

/** The answer to a bid: the box with the outcome (htmx), or back to the listing with it (plain form). */
async function answer(req: Request, res: Response, id: number, r: BidResult, values?: Record<string, string>) {
  if (r.ok) {
    if (r.orderId && !req.htmx.request) return redirect(req, res, paths.order(r.orderId), { kind: 'info', text: r.message });
    if (!req.htmx.request) return redirect(req, res, paths.listing(id), { kind: 'info', text: r.message });
    return showBox(req, res, id, { notice: r.message });
  }
  if (r.reason === 'not_found') throw notFound('That auction');
  const box = await bidBoxOfListing(services(req).db, id);
  const asking = r.asking !== null && box ? ` Bid at least ${formatMoney(r.asking, box.currency)}.` : '';
  const message = r.reason === 'too_low' ? `${r.message}${asking}` : r.message;
  // a full line of bids: the same box, and a moment to wait
  if (r.reason === 'busy') res.set('Retry-After', '5');
  return showBox(req, res, id, { status: r.reason === 'busy' ? 503 : 409, values, errors: r.reason === 'too_low' || r.reason === 'funds' || r.reason === 'not_above_own' ? { max: message } : { form: message } });
}

export const auctionsController = {
  /** GET the bid box (the listing page includes it; a re-fetch after a live signal). */
  async box(req: Request, res: Response) {
    await showBox(req, res, listingId(req));
  },

  /** GET the viewer's own standing in the auction (nothing for a visitor): authorized on each request, never pushed. */
  async you(req: Request, res: Response) {
    const id = listingId(req);
    res.set('Cache-Control', 'no-store');
    const state = req.user ? await youState(services(req).db, id, req.user.id) : 'none';
    await sendFragment(res, <AuctionYouPart listingId={id} state={state} />);
  },

  /** POST a maximum bid. */
  async bid(req: Request, res: Response) {
    const id = listingId(req);
    const s = services(req);
    const user = req.user!;
    const limited = await bidLimit(s, user.id);
    if (limited) return showBox(req, res, id, { status: 429, errors: { form: limited.message } });
    const parsed = parseForm(bidSchema, req.body);
    if (!parsed.ok) return showBox(req, res, id, { status: 422, values: parsed.values, errors: parsed.errors });
    const attempt: BidAttempt = { listingId: id, bidderId: user.id, kind: 'max', max: parsed.data.max };
    await answer(req, res, id, await placeBidOn(s.db, attempt, auctionSettings(s.config)), { max: String(req.body?.max ?? '') });
  },

  /** POST buy it now. */
  async buyNow(req: Request, res: Response) {
    const id = listingId(req);
    const s = services(req);
    const user = req.user!;
    const limited = await bidLimit(s, user.id);
    if (limited) return showBox(req, res, id, { status: 429, errors: { form: limited.message } });
    await answer(req, res, id, await placeBidOn(s.db, { listingId: id, bidderId: user.id, kind: 'buy_now' }, auctionSettings(s.config)));
  },
};
