import type { Request, Response } from 'express';
import { FlagBox } from '../../views/moderation/flag-box.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { flagListing, flagSchema } from './flags.js';

/** The report box again (htmx swaps it in place; without JavaScript it is a small page of its own). */
async function showBox(req: Request, res: Response, id: number, status: number, props: { errors?: Record<string, string>; values?: Record<string, string>; message?: string; alreadyFlagged?: boolean }) {
  await render(req, res, {
    title: 'Report a listing',
    status,
    body: (ctx) => (
      <section class="narrow">
        <h1>Report a listing</h1>
        <FlagBox listingId={id} viewer={ctx.user} csrf={ctx.csrf} {...props} />
        <p>
          <a href={paths.listing(id)}>Back to the listing</a>
        </p>
      </section>
    ),
    fragment: (ctx) => <FlagBox listingId={id} viewer={ctx.user} csrf={ctx.csrf} {...props} />,
  });
}

export const flagsController = {
  async create(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That listing');
    const parsed = parseForm(flagSchema, req.body);
    if (!parsed.ok) return showBox(req, res, id, 422, { errors: parsed.errors, values: parsed.values });
    const s = services(req);
    const r = await flagListing(s.db, s.config.FLAG_HIDE_AFTER, req.user!.id, id, parsed.data);
    if (!r.ok) {
      if (r.code === 'missing') throw notFound('That listing');
      if (r.code === 'own') return showBox(req, res, id, 422, { message: r.message });
      return showBox(req, res, id, 409, { alreadyFlagged: true, message: r.message });
    }
    const thanks = 'Thank you for the report. Our moderators will look at this listing.';
    if (req.htmx.request) return showBox(req, res, id, 200, { alreadyFlagged: true, message: thanks });
    redirect(req, res, paths.listing(id), { kind: 'info', text: thanks });
  },
};
