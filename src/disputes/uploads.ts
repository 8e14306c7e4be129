import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { idParam } from '../http/validate.js';
import { MediaRefusal } from '../media/images.js';
import { findSellerOrder } from '../orders/queries.js';
import { disputesPaths } from './paths.js';
import { MAX_DISPUTE_PHOTOS } from './photos.js';
import { canViewDispute, ownsPurchase } from './policy.js';
import { findDispute } from './queries.js';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Reads and throws away a body we will not parse, so the answer is not cut off mid-upload. */
function discardBody(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', resolve);
    req.resume();
  });
}

function refusalFor(err: unknown, maxBytes: number): MediaRefusal {
  switch ((err as { code?: string })?.code) {
    case 'LIMIT_FILE_SIZE':
      return new MediaRefusal(`A photo is larger than ${mb(maxBytes)}. Each photo can be at most ${mb(maxBytes)}.`, 413, 'photos');
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return new MediaRefusal(`Add at most ${MAX_DISPUTE_PHOTOS} photos.`, 413, 'photos');
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return new MediaRefusal('That message is too large.', 413, 'photos');
    default:
      return new MediaRefusal('The upload did not arrive completely. Please try again.', 400, 'photos');
  }
}

/**
 * Parses the multipart body of a dispute form (the opening and a reply, with
 * photos), for the people allowed to send it only, before the global CSRF check,
 * so that check reads the form's `_csrf` field. Limit errors travel in
 * `res.locals.disputeUploadRefusal` to the route, which shows them beside the field.
 */
function parseFor(allowed: (req: Request) => Promise<boolean>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart')) return next();
    if (!req.user || !(await allowed(req))) {
      await discardBody(req);
      // signed in but not a party: the same answer as for something that does not exist
      if (req.user) return next(notFound('That page'));
      return next();
    }
    const maxBytes = services(req).config.UPLOAD_MAX_BYTES;
    const upload = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: maxBytes, files: MAX_DISPUTE_PHOTOS, fields: 10, fieldSize: 20_000, parts: MAX_DISPUTE_PHOTOS + 10 },
    });
    upload.array('photos')(req, res, (err?: unknown) => {
      if (err) {
        res.locals.disputeUploadRefusal = refusalFor(err, maxBytes);
        req.files = [];
      }
      next();
    });
  };
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
