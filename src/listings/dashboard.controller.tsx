import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { DashboardPage, ListingRowView, ListingsList, query, type DashboardProps, type DashboardRow } from '../../views/listings/dashboard.js';
import { NotSellerPage } from '../../views/listings/form.js';
import { services } from '../deps.js';
import { pageContext, redirect, render, sendFragment } from '../http/render.js';
import { clock } from '../lib/clock.js';
import { coverImages } from '../media/queries.js';
import { paths } from '../paths.js';
import { listingFor } from './listings.controller.js';
import { quickEdit } from './listings.js';
import * as policy from './policy.js';
import { findListing, sellerListings, statusCounts, STATUSES, variantCounts, type ListingRow, type ListingStatus, type Tab } from './queries.js';

function tabOf(v: unknown): Tab {
  return typeof v === 'string' && (STATUSES as string[]).includes(v) ? (v as ListingStatus) : 'all';
}

function searchOf(v: unknown): string {
  return typeof v === 'string' ? v.trim().slice(0, 100) : '';
}

async function rowsFor(db: Knex, listings: ListingRow[]): Promise<DashboardRow[]> {
  const ids = listings.map((l) => l.id);
  const [covers, variants] = await Promise.all([coverImages(db, ids), variantCounts(db, ids)]);
  return listings.map((listing) => ({ listing, cover: covers.get(listing.id), variants: variants.get(listing.id) }));
}

async function dashboard(req: Request, tab: Tab, q: string): Promise<Omit<DashboardProps, 'csrf'>> {
  const db = services(req).db;
  const sellerId = req.user!.id;
  const [counts, listings] = await Promise.all([statusCounts(db, sellerId), sellerListings(db, sellerId, { tab, q })]);
  return { tab, q, counts, rows: await rowsFor(db, listings), nowMs: clock.nowMs() };
}

export const dashboardController = {
  async index(req: Request, res: Response) {
    if (!policy.canCreateListing(req.user)) return render(req, res, { title: 'Only sellers can list things', status: 403, body: () => <NotSellerPage /> });
    const props = await dashboard(req, tabOf(req.query.status), searchOf(req.query.q));
    await render(req, res, {
      title: 'My listings',
      body: (ctx) => <DashboardPage {...props} csrf={ctx.csrf} />,
      fragment: (ctx) => <ListingsList {...props} csrf={ctx.csrf} />,
    });
  },

  /** The live part of the dashboard alone (tabs, counts, table). */
  async list(req: Request, res: Response) {
    if (!policy.canCreateListing(req.user)) return render(req, res, { title: 'Only sellers can list things', status: 403, body: () => <NotSellerPage /> });
    const props = await dashboard(req, tabOf(req.query.status), searchOf(req.query.q));
    await render(req, res, { title: 'My listings', body: (ctx) => <ListingsList {...props} csrf={ctx.csrf} /> });
  },

  /**
   * Price and stock from a dashboard row. htmx gets the row back (422 with the
   * message beside the input); a plain form is redirected to the dashboard, or
   * shown it again with the row's error.
   */
  async quickEdit(req: Request, res: Response) {
    const l = await listingFor(req, policy.canEditListing);
    const s = services(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const result = await quickEdit(s.db, l.id, { price: str('price'), stock: str('stock'), stock_was: str('stock_was') });
    const values: Record<string, string> = {};
    for (const k of ['price', 'stock']) if (str(k) !== undefined) values[k] = str(k)!;
    if (req.htmx.request) {
      const csrf = (await pageContext(req, res)).csrf;
      const fresh = result.ok ? result.listing : ((await findListing(s.db, l.id)) ?? l);
      const [row] = await rowsFor(s.db, [fresh]);
      if (!result.ok) return sendFragment(res, <ListingRowView row={row} csrf={csrf} nowMs={clock.nowMs()} values={values} errors={result.errors} />, 422);
      const note = result.review ? { form: 'Saved. The price changed by more than 20%, so a moderator reviews the listing again.' } : undefined;
      return sendFragment(res, <ListingRowView row={row} csrf={csrf} nowMs={clock.nowMs()} errors={note} saved={!note} />);
    }
    if (result.ok) {
      const text = result.review ? 'Saved. The price changed by more than 20%, so a moderator reviews the listing again.' : `Saved “${l.title}”.`;
      return redirect(req, res, backToDashboard(req), { kind: 'info', text });
    }
    const props = await dashboard(req, 'all', '');
    await render(req, res, {
      title: 'My listings',
      status: 422,
      body: (ctx) => <DashboardPage {...props} csrf={ctx.csrf} rowState={{ id: l.id, values, errors: result.errors }} />,
    });
  },
};

function backToDashboard(req: Request): string {
  const from = req.get('referer');
  try {
    const u = from ? new URL(from) : null;
    if (u && u.host === req.get('host') && u.pathname === paths.sellerListings()) return `${paths.sellerListings()}${query(tabOf(u.searchParams.get('status')), searchOf(u.searchParams.get('q') ?? ''))}`;
  } catch {
    /* not a URL */
  }
  return paths.sellerListings();
}
