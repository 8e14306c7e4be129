import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DigitalFileBox } from '../../views/media/digital-file.js';
import { ImagesEditor, type ImagesEditorProps } from '../../views/media/images-editor.js';
import { MediaPage } from '../../views/media/media-page.js';
import { Flash } from '../../views/layouts/page.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { renameDigital, replaceDigitalFile } from './digital.js';
import { addImages, cleanAlt, deleteImage, limitMessage, MediaRefusal, moveImage, processImage, setImageAlt, type ProcessedImage } from './images.js';
import { ALT_MAX, MAX_IMAGES_PER_LISTING } from './limits.js';
import { createPlaceholderImage } from './placeholder.js';
import { countImages, findMediaListing, imageByKey, listingImages, type MediaListing } from './queries.js';
import { storeFor, type StoredObject } from './storage.js';

const altSchema = z.object({
  alt: z.string().trim().min(1, 'Describe the photo for people who cannot see it.').max(ALT_MAX, `Use at most ${ALT_MAX} characters.`),
});
const moveSchema = z.object({ direction: z.enum(['up', 'down'], 'Choose Earlier or Later.') });
// public image names as `paths.media` makes them: nothing else (no dots but the extension, no slashes) reaches the store
const MEDIA_NAME = /^[A-Za-z0-9_-]{22,64}\.webp$/;

const db = (req: Request) => services(req).db;
const store = (req: Request) => storeFor(services(req).config);

function idOf(v: unknown, what = 'That listing'): number {
  const id = idParam(v);
  if (!id) throw notFound(what);
  return id;
}

/** The listing, for its own seller only; anyone else gets the same 404 as for a missing listing. */
async function ownListing(req: Request): Promise<MediaListing> {
  const listing = await findMediaListing(db(req), idOf(req.params.id));
  if (!listing || listing.seller_id !== req.user!.id) throw notFound('That listing');
  return listing;
}

/** The listing for its seller (who may change it) or an admin (who may only look). */
async function viewableListing(req: Request): Promise<{ listing: MediaListing; readOnly: boolean }> {
  const listing = await findMediaListing(db(req), idOf(req.params.id));
  if (!listing) throw notFound('That listing');
  if (listing.seller_id === req.user!.id) return { listing, readOnly: false };
  if (req.user!.is_admin) return { listing, readOnly: true };
  throw notFound('That listing');
}

type FileState = { errors?: Record<string, string>; values?: Record<string, string> };

/** The page (plain requests) or the one partial that changed (htmx). */
async function show(
  req: Request,
  res: Response,
  listing: MediaListing,
  opts: { status?: number; part?: 'images' | 'file'; editor?: Partial<ImagesEditorProps>; file?: FileState; readOnly?: boolean; flash?: string } = {},
) {
  const { config } = services(req);
  const images = await listingImages(db(req), listing.id);
  const readOnly = opts.readOnly ?? false;
  await render(req, res, {
    title: `Photos of ${listing.title}`,
    status: opts.status,
    body: (ctx) => (
      <MediaPage
        listing={listing}
        csrf={ctx.csrf}
        images={images}
        editor={opts.editor}
        file={opts.file}
        maxBytes={config.UPLOAD_MAX_BYTES}
        digitalMaxBytes={config.DIGITAL_MAX_BYTES}
        readOnly={readOnly}
      />
    ),
    fragment: (ctx) => (
      <>
        {opts.part === 'file' ? (
          <DigitalFileBox listing={listing} csrf={ctx.csrf} maxBytes={config.DIGITAL_MAX_BYTES} errors={opts.file?.errors} values={opts.file?.values} />
        ) : (
          <ImagesEditor listingId={listing.id} csrf={ctx.csrf} images={images} readOnly={readOnly} maxBytes={config.UPLOAD_MAX_BYTES} {...opts.editor} />
        )}
        {opts.flash ? <Flash flash={{ kind: 'info', text: opts.flash }} oob /> : ''}
      </>
    ),
  });
}

/** After a change: the fresh partial for htmx, post-redirect-get back to the listing otherwise. */
async function done(req: Request, res: Response, listingId: number, part: 'images' | 'file', text: string, editor?: Partial<ImagesEditorProps>) {
  if (req.htmx.request && !req.htmx.boosted) {
    const listing = await findMediaListing(db(req), listingId);
    if (!listing) throw notFound('That listing');
    return show(req, res, listing, { part, editor, flash: text });
  }
  const anchor = part === 'file' ? `#digital-file-${listingId}` : `#listing-images-${listingId}`;
  redirect(req, res, `${paths.sellerListing(listingId)}${anchor}`, { kind: 'info', text });
}

function refuseImages(req: Request, res: Response, listing: MediaListing, r: MediaRefusal) {
  if (r.status === 404) throw notFound('That listing');
  return show(req, res, listing, { status: r.status, editor: { error: r.message, focus: 'images' } });
}

async function sendStored(res: Response, obj: StoredObject) {
  res.set('Content-Length', String(obj.bytes));
  await pipeline(obj.stream, res);
}

export const mediaController = {
  /** GET the photos page (or the editor partial for htmx). */
  async show(req: Request, res: Response) {
    const { listing, readOnly } = await viewableListing(req);
    await show(req, res, listing, { readOnly });
  },

  /** POST photos (multipart), or a cover made from the title (a plain form with generate=cover). */
  async upload(req: Request, res: Response) {
    const listing = await ownListing(req);
    const refusal = res.locals.mediaRefusal as MediaRefusal | undefined;
    if (refusal) return refuseImages(req, res, listing, refusal);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const files = req.is('multipart') ? ((req.files as Express.Multer.File[] | undefined) ?? []) : [];
    const generate = files.length === 0 && body.generate === 'cover';
    if (files.length === 0 && !generate) return refuseImages(req, res, listing, new MediaRefusal('Choose one or more photos to upload.'));
    const have = await countImages(db(req), listing.id);
    const adding = generate ? 1 : files.length;
    if (have + adding > MAX_IMAGES_PER_LISTING) return refuseImages(req, res, listing, new MediaRefusal(limitMessage(have)));
    try {
      const processed: ProcessedImage[] = [];
      // one at a time: decoding several large photos at once would multiply memory use
      if (generate) processed.push(await processImage(await createPlaceholderImage(`listing-${listing.id}`, listing.title)));
      for (const f of files) processed.push(await processImage(f.buffer, f.originalname));
      const alt = cleanAlt(typeof body.alt === 'string' ? body.alt : '', listing.title);
      await addImages(
        db(req),
        store(req),
        listing.id,
        processed.map((image) => ({ image, alt })),
        { review: true },
      );
    } catch (err) {
      if (err instanceof MediaRefusal) return refuseImages(req, res, listing, err);
      throw err;
    }
    const live = ['active', 'paused', 'sold_out'].includes(listing.status);
    const text = `${generate ? 'Cover made from the title.' : adding === 1 ? 'Photo added.' : `${adding} photos added.`}${live ? ' New photos are reviewed, so the listing is back in moderation.' : ''}`;
    await done(req, res, listing.id, 'images', text, { focus: 'images' });
  },

  /** PATCH one photo's description (alt text). */
  async describe(req: Request, res: Response) {
    const listing = await ownListing(req);
    const imageId = idOf(req.params.imageId, 'That photo');
    const parsed = parseForm(altSchema, req.body);
    if (!parsed.ok) {
      const images = await listingImages(db(req), listing.id);
      if (!images.some((i) => i.id === imageId)) throw notFound('That photo');
      return show(req, res, listing, { status: 422, editor: { altError: { imageId, value: parsed.values.alt ?? '', message: parsed.errors.alt }, focus: `alt-${imageId}` } });
    }
    if (!(await setImageAlt(db(req), listing, imageId, parsed.data.alt))) throw notFound('That photo');
    await done(req, res, listing.id, 'images', 'Description saved.', { focus: `alt-${imageId}` });
  },

  /** POST a move of one photo (direction up or down); the first photo is the cover. */
  async move(req: Request, res: Response) {
    const listing = await ownListing(req);
    const imageId = idOf(req.params.imageId, 'That photo');
    const parsed = parseForm(moveSchema, req.body);
    if (!parsed.ok) return refuseImages(req, res, listing, new MediaRefusal(parsed.errors.direction));
    const { direction } = parsed.data;
    if (!(await moveImage(db(req), listing, imageId, direction))) throw notFound('That photo');
    const images = await listingImages(db(req), listing.id);
    const at = images.findIndex((i) => i.id === imageId);
    // keep focus on the button just used, unless the photo reached the end and it is now disabled
    const edge = direction === 'up' ? at === 0 : at === images.length - 1;
    const focus = `${edge ? (direction === 'up' ? 'down' : 'up') : direction}-${imageId}`;
    await done(req, res, listing.id, 'images', at === 0 ? 'Photo moved; it is now the cover.' : 'Photo moved.', { focus });
  },

  /** DELETE one photo and its files. */
  async remove(req: Request, res: Response) {
    const listing = await ownListing(req);
    const imageId = idOf(req.params.imageId, 'That photo');
    if (!(await deleteImage(db(req), store(req), listing, imageId))) throw notFound('That photo');
    await done(req, res, listing.id, 'images', 'Photo deleted.', { focus: 'images' });
  },

  /** GET a public image or thumbnail by its name. Private files are never found here: only listing image keys are served. */
  async serve(req: Request, res: Response) {
    const name = String(req.params.name ?? '');
    if (!MEDIA_NAME.test(name)) throw notFound('That image');
    const key = `img/${name}`;
    const row = await imageByKey(db(req), key);
    if (!row) throw notFound('That image');
    const etag = `"${name}"`;
    // the key changes whenever the content would, so the bytes behind a URL never change
    res.set({ 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag, 'Content-Type': row.content_type });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    const obj = await store(req).get(key);
    if (!obj) {
      res.removeHeader('Cache-Control');
      res.removeHeader('ETag');
      throw notFound('That image');
    }
    await sendStored(res, obj);
  },

  /** GET the deliverable of a digital listing: its seller (and admins, who review listings) only. */
  async download(req: Request, res: Response) {
    const { listing } = await viewableListing(req);
    if (listing.kind !== 'digital' || !listing.digital_file_key) throw notFound('That file');
    const obj = await store(req).get(listing.digital_file_key);
    if (!obj) throw notFound('That file');
    res.attachment(listing.digital_file_name || 'download');
    // never rendered by the browser, whatever the file contains
    res.set({ 'Content-Type': 'application/octet-stream', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
    await sendStored(res, obj);
  },

  /** POST the deliverable (multipart, field `file`) and/or the name buyers save it as (`file_name`). */
  async uploadFile(req: Request, res: Response) {
    const listing = await ownListing(req);
    if (listing.kind !== 'digital') throw notFound('That listing');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fileName = typeof body.file_name === 'string' ? body.file_name.trim() : '';
    const values = { file_name: fileName };
    const refuse = (r: MediaRefusal) => {
      if (r.status === 404) throw notFound('That listing');
      return show(req, res, listing, { status: r.status, part: 'file', file: { errors: { [r.field]: r.message }, values } });
    };
    const refusal = res.locals.mediaRefusal as MediaRefusal | undefined;
    if (refusal) return refuse(refusal);
    const file = req.is('multipart') ? req.file : undefined;
    try {
      if (file) await replaceDigitalFile(db(req), store(req), listing, { buffer: file.buffer, name: fileName || file.originalname });
      else if (fileName) await renameDigital(db(req), listing, fileName);
      else return refuse(new MediaRefusal('Choose the file buyers will download.', 422, 'file'));
    } catch (err) {
      if (err instanceof MediaRefusal) return refuse(err);
      throw err;
    }
    await done(req, res, listing.id, 'file', file ? 'File saved.' : 'File renamed.');
  },
};
