import type { Request, Response } from 'express';
import { IncrementsPage } from '../../views/auctions/increments.js';
import { services } from '../deps.js';
import { HttpError } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { DEFAULT_CURRENCY } from '../lib/money.js';
import { CURRENCY, formRows, postedRows, saveTable, startingTable, storedTable, tableCurrencies, type BandErrors, type BandInput } from './increments-admin.js';
import { auctionListPaths } from './list-paths.js';

function currencyOf(req: Request): string {
  const raw = req.query.currency;
  if (raw === undefined || raw === '') return DEFAULT_CURRENCY;
  const c = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!CURRENCY.test(c)) throw new HttpError(400, 'Choose a currency as its three-letter code, like EUR.');
  return c;
}

async function show(req: Request, res: Response, currency: string, state?: { rows: BandInput[]; errors: BandErrors }, status = 200) {
  const db = services(req).db;
  const [stored, currencies] = await Promise.all([storedTable(db, currency), tableCurrencies(db)]);
  const rows = state?.rows ?? formRows(startingTable(stored));
  await render(req, res, {
    title: `Bid increments ${currency}`,
    status,
    body: (ctx) => <IncrementsPage currency={currency} currencies={currencies} rows={rows} stored={stored.length > 0} errors={state?.errors ?? {}} csrf={ctx.csrf} />,
  });
}

export const incrementsController = {
  index: (req: Request, res: Response) => show(req, res, currencyOf(req)),

  async update(req: Request, res: Response) {
    const currency = currencyOf(req);
    const result = await saveTable(services(req).db, req.user!.id, currency, postedRows(req.body));
    if (!result.ok) return show(req, res, currency, { rows: result.rows, errors: result.errors }, 422);
    redirect(req, res, auctionListPaths.adminIncrements(currency), { kind: 'info', text: `Bid increments for ${currency} saved. New bids use them from now on.` });
  },
};
