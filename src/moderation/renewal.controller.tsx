import { formatDateTime } from '../lib/locale.js';
import type { Request, Response } from 'express';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { paths } from '../paths.js';
import { renewListing } from './expiry.js';

export const renewalController = {
  /** One click on the seller's listing page; the answer (done or why not) comes back there as a flash. */
  async create(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That listing');
    const s = services(req);
    const r = await renewListing(s.db, s.config, req.user!.id, id);
    // another seller's listing is answered as missing, so its id (a draft, one pending review) is not revealed
    if (!r.ok && (r.code === 'missing' || r.code === 'forbidden')) throw notFound('That listing');
    const when = r.ok ? formatDateTime(r.expiresAt) : '';
    redirect(req, res, paths.sellerListing(id), r.ok ? { kind: 'info', text: `Renewed. The listing now runs until ${when}.` } : { kind: 'error', text: r.message });
  },
};
