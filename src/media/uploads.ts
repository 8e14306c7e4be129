import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { idParam } from '../http/validate.js';
import { MediaRefusal } from './images.js';
import { mediaPaths } from './paths.js';
import { findMediaListing } from './queries.js';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Reads and throws away a request body we will not parse, so the answer is not cut off mid-upload. */
function discardBody(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', resolve);
    req.resume();
  });
}

function refusalFor(err: unknown, what: 'images' | 'file', maxBytes: number, maxFiles: number): MediaRefusal {
  const e = err as { code?: string };
  switch (e?.code) {
    case 'LIMIT_FILE_SIZE':
      return what === 'images'
        ? new MediaRefusal(`A photo is larger than ${mb(maxBytes)}. Each photo can be at most ${mb(maxBytes)}.`, 413, 'images')
        : new MediaRefusal(`That file is larger than ${mb(maxBytes)}, the most a download can be.`, 413, 'file');
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return what === 'images'
        ? new MediaRefusal(`Choose at most ${maxFiles} photos at a time.`, 413, 'images')
        : new MediaRefusal('Choose one file.', 422, 'file');
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return new MediaRefusal('That upload is too large.', 413, what);
    default:
      return new MediaRefusal('The upload did not arrive completely. Please try again.', 400, what);
  }
}

/**
 * Parses the multipart body of one upload route, for the listing's own seller
 * only, before the global CSRF check runs, so that check sees the form's
 * `_csrf` field like for any other form (htmx sends the header anyway). Files
 * stay in memory until the route has verified and processed them: a request
 * refused by CSRF or by a limit leaves nothing behind. Limit errors do not
 * stop the request here; they travel in `res.locals.mediaRefusal` to the route,
 * which answers with the form and the message beside the field.
 */
function parseFor(what: 'images' | 'file') {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart')) return next();
    const s = services(req);
    const id = idParam(req.params.id);
    const listing = id && req.user ? await findMediaListing(s.db, id) : undefined;
    const owner = Boolean(listing && req.user && listing.seller_id === req.user.id && (what === 'images' || listing.kind === 'digital'));
    if (!owner) {
      await discardBody(req);
      // signed in but not the seller: the same answer as for a listing that does not exist
      if (req.user) return next(notFound('That listing'));
      return next();
    }
    const maxBytes = what === 'images' ? s.config.UPLOAD_MAX_BYTES : s.config.DIGITAL_MAX_BYTES;
    const maxFiles = what === 'images' ? s.config.UPLOAD_MAX_FILES : 1;
    const upload = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: maxBytes, files: maxFiles, fields: 20, fieldSize: 4096, parts: maxFiles + 20 },
    });
    const handler = what === 'images' ? upload.array('images') : upload.single('file');
    handler(req, res, (err?: unknown) => {
      if (err) {
        res.locals.mediaRefusal = refusalFor(err, what, maxBytes, maxFiles);
        // what was parsed before the error (the form's _csrf comes first) stays; files are dropped
        req.files = [];
        req.file = undefined;
      }
      next();
    });
  };
}

/** Mounted in src/app.ts just before the CSRF middleware. */
export function mediaUploadParser() {
  const router = express.Router();
  router.post(mediaPaths.sellerListingImages(':id'), parseFor('images'));
  router.post(mediaPaths.sellerDigitalFile(':id'), parseFor('file'));
  return router;
}
