import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { notFound } from './errors.js';

/** A size in megabytes as people read it ("2.5 MB"). */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Reads and throws away a request body we will not parse, so the answer is not cut off mid-upload. */
export function discardBody(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', resolve);
    req.resume();
  });
}

/** Which limit an upload ran into: one file too large, too many files, too many or too large fields, or a body cut off. */
export type UploadLimit = 'file_size' | 'file_count' | 'form_size' | 'incomplete';

export function uploadLimitOf(err: unknown): UploadLimit {
  switch ((err as { code?: string })?.code) {
    case 'LIMIT_FILE_SIZE':
      return 'file_size';
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return 'file_count';
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return 'form_size';
    default:
      return 'incomplete';
  }
}

export interface MultipartForm {
  /** whether the signed-in user may send this form at all, asked before a byte of the body is read */
  allowed(req: Request): Promise<boolean>;
  /** what a signed-in user who may not send it is told does not exist ("That listing") */
  missing: string;
  limits(req: Request): multer.Options['limits'];
  /** the multer handler that reads the files (`upload.array('photos')`, `upload.single('file')`) */
  files(upload: multer.Multer): RequestHandler;
  /** keeps the refusal for a limit the upload ran into, for the route to show beside the field */
  refuse(limit: UploadLimit, req: Request, res: Response): void;
}

/**
 * Parses one multipart form, for the people allowed to send it only, before the
 * global CSRF check, so that check reads the form's `_csrf` field like for any
 * other form. Files stay in memory until the route has checked them: a request
 * refused by CSRF or by a limit leaves nothing behind. A limit does not stop the
 * request here; `refuse` keeps it for the route, which answers with the form.
 * Visitors pass through with the body unread, so the sign-in redirect still runs.
 */
export function multipartForm(form: MultipartForm) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart')) return next();
    if (!req.user || !(await form.allowed(req))) {
      await discardBody(req);
      // signed in but not allowed: the same answer as for something that does not exist
      if (req.user) return next(notFound(form.missing));
      return next();
    }
    const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: form.limits(req) });
    form.files(upload)(req, res, (err?: unknown) => {
      if (err) {
        form.refuse(uploadLimitOf(err), req, res);
        // what was parsed before the error (the form's _csrf comes first) stays; files are dropped
        req.files = [];
        req.file = undefined;
      }
      next();
    });
  };
}
