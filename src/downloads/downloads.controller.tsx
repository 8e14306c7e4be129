import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { AdminDownloadsPage, MyDownloadsPage, SellerDownloadsPage } from '../../views/downloads/index.js';
import { services } from '../deps.js';
import { isClientAbort } from '../http/aborts.js';
import { HttpError, notFound } from '../http/errors.js';
import { render } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { storeFor } from '../media/storage.js';
import { paths } from '../paths.js';
import { fileKeyOf, fileNameOf, finishDownload, startDownload, unavailability, unavailableMessage } from './downloads.js';
import { checkLink, signLink } from './links.js';
import { canDownload, canSeeAllDownloadLogs } from './policy.js';
import { buyerEntitlements, downloadLog, findEntitlement, type Entitlement } from './queries.js';

const db = (req: Request) => services(req).db;

/** The entitlement, for its buyer only; anyone else gets the same 404 as for a missing one. */
async function ownEntitlement(req: Request): Promise<Entitlement> {
  const id = idParam(req.params.id);
  const e = id ? await findEntitlement(db(req), id) : undefined;
  if (!e || !canDownload(req.user, e)) throw notFound('That download');
  return e;
}

/** Refuses a download that is no longer possible, saying why. */
function assertAvailable(e: Entitlement): void {
  const reason = unavailability(e, clock.nowMs());
  if (reason) throw new HttpError(reason === 'no_file' ? 404 : 403, unavailableMessage(reason, e));
}

export const downloadsController = {
  /** GET the buyer's downloads. */
  async index(req: Request, res: Response) {
    const entitlements = await buyerEntitlements(db(req), req.user!.id);
    res.set('Cache-Control', 'private, no-store');
    await render(req, res, { title: 'My downloads', body: (ctx) => <MyDownloadsPage entitlements={entitlements} csrf={ctx.csrf} /> });
  },

  /** POST the Download button: a link to the file, valid for five minutes, for this user only. */
  async mint(req: Request, res: Response) {
    const e = await ownEntitlement(req);
    assertAvailable(e);
    const link = signLink(services(req).config.SESSION_SECRET, e.id, req.user!.id, clock.nowMs());
    res.set('Cache-Control', 'no-store');
    res.redirect(303, paths.downloadFile(e.id, link));
  },

  /** GET the file through a signed link. Counted only once every byte has been sent. */
  async file(req: Request, res: Response) {
    const e = await ownEntitlement(req);
    const { config, log } = services(req);
    const link = checkLink(config.SESSION_SECRET, e.id, req.user!.id, req.query.exp, req.query.sig, clock.nowMs());
    if (link === 'invalid') throw new HttpError(403, 'This download link is not valid. Press Download on the purchase to get a new one.');
    if (link === 'expired') throw new HttpError(403, 'This download link has expired (links work for 5 minutes). Press Download again.');
    assertAvailable(e);
    const obj = await storeFor(config).get(fileKeyOf(e)!);
    if (!obj) throw notFound('The file of this purchase');
    res.attachment(fileNameOf(e));
    // never rendered by the browser, whatever the file contains, and kept by no cache
    res.set({
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(obj.bytes),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Accept-Ranges': 'none',
    });
    if (req.method === 'HEAD') {
      obj.stream.destroy();
      res.end();
      return;
    }
    const logId = await startDownload(db(req), e, req.user!.id, req.ip ?? '');
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        done(null, chunk);
      },
    });
    let ended = false;
    // 'finish': every byte went out; 'close' alone: the transfer broke off (it is logged, not counted)
    const end = (finished: boolean) => {
      if (ended) return;
      ended = true;
      finishDownload(db(req), { logId, entitlement: e, bytesSent: sent, complete: finished && sent === obj.bytes }).catch((err) =>
        log.error({ err, entitlementId: e.id, logId }, 'recording a download failed'),
      );
    };
    res.on('finish', () => end(true));
    res.on('close', () => end(false));
    try {
      await pipeline(obj.stream, counter, res);
    } catch (err) {
      // a buyer who cancels is not an error (and the download is not counted); a store that fails mid-file is
      if (isClientAbort(err)) log.info({ entitlementId: e.id, bytesSent: sent, code: (err as { code?: unknown }).code }, 'download cancelled by the client');
      else log.warn({ err, entitlementId: e.id }, 'download broke off');
    }
  },

  /** GET the seller's download log: downloads of their own sales only. */
  async sellerLog(req: Request, res: Response) {
    const rows = await downloadLog(db(req), { sellerId: req.user!.id });
    res.set('Cache-Control', 'private, no-store');
    await render(req, res, { title: 'Downloads of your files', body: () => <SellerDownloadsPage rows={rows} /> });
  },

  /** GET every download log (admins), or one seller order's with `?seller_order=`. */
  async adminLog(req: Request, res: Response) {
    if (!canSeeAllDownloadLogs(req.user)) throw notFound();
    const raw = typeof req.query.seller_order === 'string' ? req.query.seller_order.trim() : '';
    const sellerOrderId = raw ? idParam(raw) : null;
    const error = raw && !sellerOrderId ? 'Enter an order number, like 1042.' : undefined;
    const rows = error ? [] : await downloadLog(db(req), sellerOrderId ? { sellerOrderId } : {});
    res.set('Cache-Control', 'private, no-store');
    await render(req, res, {
      title: 'Downloads',
      status: error ? 422 : 200,
      body: () => <AdminDownloadsPage rows={rows} sellerOrderId={sellerOrderId ?? undefined} query={raw.slice(0, 20)} error={error} />,
    });
  },
};
