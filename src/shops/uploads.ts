import express, { type Request } from 'express';
import { services } from '../deps.js';
import { megabytes, multipartForm, type UploadLimit } from '../http/multipart.js';
import { shopsPaths } from './paths.js';

const REFUSALS: Record<UploadLimit, (maxBytes: number) => { field: string; message: string }> = {
  file_size: (max) => ({ field: 'form', message: `A picture is larger than ${megabytes(max)}. Each picture can be at most ${megabytes(max)}.` }),
  file_count: () => ({ field: 'form', message: 'Choose one logo and one banner at most.' }),
  form_size: () => ({ field: 'form', message: 'That form is too large.' }),
  incomplete: () => ({ field: 'form', message: 'The upload did not arrive completely. Please try again.' }),
};

/**
 * Parses the multipart shop form (the texts, a logo and a banner), for sellers
 * only, before the CSRF check. Limit errors travel in `res.locals.shopUploadRefusal`
 * to the route, which shows the form again with the message.
 */
export function shopUploadParser() {
  const router = express.Router();
  router.post(
    shopsPaths.sellerShop(),
    multipartForm({
      allowed: async (req: Request) => Boolean(req.user?.is_seller),
      missing: 'That shop',
      limits: (req) => ({ fileSize: services(req).config.UPLOAD_MAX_BYTES, files: 2, fields: 12, fieldSize: 10_000, parts: 14 }),
      files: (upload) =>
        upload.fields([
          { name: 'logo', maxCount: 1 },
          { name: 'banner', maxCount: 1 },
        ]),
      refuse: (limit, req, res) => {
        res.locals.shopUploadRefusal = REFUSALS[limit](services(req).config.UPLOAD_MAX_BYTES);
      },
    }),
  );
  return router;
}

/** The logo and banner a parsed shop form carried (none for a urlencoded form or an empty file input). */
export function uploadedShopImages(req: Request): { logo?: { buffer: Buffer; name: string }; banner?: { buffer: Buffer; name: string } } {
  if (!req.is('multipart') || !req.files || Array.isArray(req.files)) return {};
  const files = req.files as Record<string, Express.Multer.File[] | undefined>;
  const one = (f?: Express.Multer.File[]) => (f?.[0] && f[0].size > 0 ? { buffer: f[0].buffer, name: f[0].originalname } : undefined);
  return { logo: one(files.logo), banner: one(files.banner) };
}
