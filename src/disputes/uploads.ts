import express, { type Request } from 'express';
import { services } from '../deps.js';
import { megabytes, multipartForm, type UploadLimit } from '../http/multipart.js';
import { idParam } from '../http/validate.js';
import { MediaRefusal } from '../media/images.js';
import { findSellerOrder } from '../orders/queries.js';
import { disputesPaths } from './paths.js';
import { MAX_DISPUTE_PHOTOS } from './photos.js';
import { canViewDispute, ownsPurchase } from './policy.js';
import { findDispute } from './queries.js';

const REFUSALS: Record<UploadLimit, (maxBytes: number) => MediaRefusal> = {
  file_size: (max) => new MediaRefusal(`A photo is larger than ${megabytes(max)}. Each photo can be at most ${megabytes(max)}.`, 413, 'photos'),
  file_count: () => new MediaRefusal(`Add at most ${MAX_DISPUTE_PHOTOS} photos.`, 413, 'photos'),
  form_size: () => new MediaRefusal('That message is too large.', 413, 'photos'),
  incomplete: () => new MediaRefusal('The upload did not arrive completely. Please try again.', 400, 'photos'),
};

/**
 * Parses the multipart body of a dispute form (the opening and a reply, with
 * photos), for the people allowed to send it only. Limit errors travel in
 * `res.locals.disputeUploadRefusal` to the route, which shows them beside the field.
 */
function parseFor(allowed: (req: Request) => Promise<boolean>) {
  return multipartForm({
    allowed,
    missing: 'That page',
    limits: (req) => ({ fileSize: services(req).config.UPLOAD_MAX_BYTES, files: MAX_DISPUTE_PHOTOS, fields: 10, fieldSize: 20_000, parts: MAX_DISPUTE_PHOTOS + 10 }),
    files: (upload) => upload.array('photos'),
    refuse: (limit, req, res) => {
      res.locals.disputeUploadRefusal = REFUSALS[limit](services(req).config.UPLOAD_MAX_BYTES);
    },
  });
}

/** Mounted in src/app.ts just before the CSRF middleware, beside the media upload parser. */
export function disputeUploadParser() {
  const router = express.Router();
  router.post(
    disputesPaths.sellerOrderDisputes(':id'),
    parseFor(async (req) => {
      const id = idParam(req.params.id);
      const so = id ? await findSellerOrder(services(req).db, id) : undefined;
      return Boolean(so && ownsPurchase(req.user!, so));
    }),
  );
  router.post(
    disputesPaths.disputeMessages(':id'),
    parseFor(async (req) => {
      const id = idParam(req.params.id);
      const d = id ? await findDispute(services(req).db, id) : undefined;
      return Boolean(d && canViewDispute(req.user!, d));
    }),
  );
  return router;
}

/** The photos a parsed dispute form carried (none for a urlencoded form). */
export function uploadedPhotos(req: Request): { buffer: Buffer; name: string }[] {
  const files = req.is('multipart') && Array.isArray(req.files) ? req.files : [];
  return files.filter((f) => f.size > 0).map((f) => ({ buffer: f.buffer, name: f.originalname }));
}
