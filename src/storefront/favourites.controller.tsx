import type { Request, Response } from 'express';
import { FavouriteButton } from '../../views/storefront/favourites-button.js';
import { FavouritesPage } from '../../views/storefront/favourites.js';
import { services } from '../deps.js';
import { safeNext } from '../http/auth.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { coverImages } from '../media/queries.js';
import { paths } from '../paths.js';
import { favouritesOf } from './queries.js';
import { addFavourite, removeFavourite, type FavouriteResult } from './favourites.js';

/** htmx swaps the toggle in place; a plain form goes back to the page it came from. */
async function answer(req: Request, res: Response, listingId: number, result: FavouriteResult) {
  if (!result.ok) throw notFound('That listing');
  const back = typeof req.body?.back === 'string' ? safeNext(req.body.back) : paths.listing(listingId);
  if (req.htmx.request && !req.htmx.boosted) {
    const csrf = services(req).csrfToken(req, res);
    await sendFragment(res, <FavouriteButton listingId={listingId} viewer={req.user ?? null} favourite={result.favourite} csrf={csrf} back={back} />);
    return;
  }
  redirect(req, res, back, { kind: 'info', text: result.favourite ? 'Added to your favourites.' : 'Removed from your favourites.' });
}

function listingId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That listing');
  return id;
}

export const favouritesController = {
  async index(req: Request, res: Response) {
    const db = services(req).db;
    const rows = await favouritesOf(db, req.user!.id, clock.now());
    const covers = await coverImages(
      db,
      rows.filter((r) => r.live).map((r) => r.id),
    );
    await render(req, res, { title: 'Favourites', body: (ctx) => <FavouritesPage rows={rows} covers={covers} csrf={ctx.csrf} /> });
  },

  async add(req: Request, res: Response) {
    const id = listingId(req);
    await answer(req, res, id, await addFavourite(services(req).db, req.user!.id, id));
  },

  async remove(req: Request, res: Response) {
    const id = listingId(req);
    await answer(req, res, id, await removeFavourite(services(req).db, req.user!.id, id));
  },
};
