import type { Knex } from 'knex';
import { lazy } from '../lib/lazy.js';
import { emit } from '../outbox/outbox.js';
import { sendBackToReview } from '../listings/lifecycle.js';
import { findListing } from '../listings/queries.js';
import {
  countImages,
  listingImages,
  deleteImageRow,
  imageRows,
  insertImages,
  lockMediaListing,
  setPositions,
  updateImageAlt,
  type ImageRow,
  type ImageView,
  type MediaListing,
} from './queries.js';
import { newKey, type FileStore } from './storage.js';
import { ALT_MAX, DECODE_PIXEL_BUDGET, IMAGE_MAX_EDGE, MAX_IMAGES_PER_LISTING, MAX_INPUT_PIXELS, THUMB_MAX_EDGE } from './limits.js';

/** sharp (libvips), loaded with the first image a process reads. */
export const loadSharp = lazy(async () => {
  const sharp = (await import('sharp')).default;
  // libvips keeps recent operations' pixels in a cache of its own (up to 50 MB and 100 operations by default);
  // an upload is decoded once, so nothing is worth keeping
  sharp.cache(false);
  return sharp;
});

/**
 * A process-wide, first-come-first-served bound on decoding: each image holds as
 * many units as it has pixels (at most the whole budget) while it is decoded, so
 * the memory that decoding takes is bounded however many uploads arrive at once.
 */
export class PixelGate {
  private used = 0;
  private readonly waiting: { weight: number; go: () => void }[] = [];
  /** decodes running now, and the most that ever ran at once (for metrics and tests) */
  running = 0;
  peak = 0;

  constructor(public budget: number) {}

  async run<T>(pixels: number, work: () => Promise<T>): Promise<T> {
    const weight = Math.max(1, Math.min(pixels, this.budget));
    if (this.waiting.length > 0 || this.used + weight > this.budget) await new Promise<void>((go) => this.waiting.push({ weight, go }));
    else this.used += weight;
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      this.running--;
      this.used -= weight;
      while (this.waiting.length > 0 && this.used + this.waiting[0].weight <= this.budget) {
        const next = this.waiting.shift()!;
        this.used += next.weight;
        next.go();
      }
    }
  }
}

/** The one gate every image decode of this process goes through. */
export const imageDecoding = new PixelGate(DECODE_PIXEL_BUDGET);
// formats a browser or phone camera produces; SVG and PDF are documents, not photos
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
const OUTPUT_TYPE = 'image/webp';

/** A refusal the seller can act on; `field` is the form field it belongs beside. */
export class MediaRefusal extends Error {
  constructor(
    message: string,
    readonly status = 422,
    readonly field = 'images',
  ) {
    super(message);
  }
}

/** An image decoded, turned upright, stripped of metadata (EXIF, GPS) and re-encoded. */
export interface ProcessedImage {
  main: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

const quoted = (name?: string) => (name ? `“${name.slice(0, 80)}”` : 'That file');

/**
 * Decodes the bytes with sharp: what the file is comes from its content, never
 * from its name or declared type. The output carries no metadata, because
 * sharp drops it unless asked to keep it.
 */
export async function processImage(input: Buffer, name?: string): Promise<ProcessedImage> {
  const notImage = new MediaRefusal(`${quoted(name)} is not an image we can read. Upload a JPEG, PNG, WebP, GIF or AVIF photo.`);
  const opts = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  let format: string | undefined;
  let pixels = 0;
  const sharp = await loadSharp();
  try {
    // the header only, nothing decoded yet: read without the pixel limit so an oversized image gets its own message
    const meta = await sharp(input, { ...opts, limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    throw notImage;
  }
  if (pixels > MAX_INPUT_PIXELS) throw new MediaRefusal(`${quoted(name)} has too many pixels (${(pixels / 1e6).toFixed(0)} megapixels). Use a photo of at most ${MAX_INPUT_PIXELS / 1e6} megapixels.`);
  if (!format || !ACCEPTED_FORMATS.has(format)) throw notImage;
  try {
    return await imageDecoding.run(pixels, async () => {
      // decoded once for the main image; the thumbnail comes from that small copy, not from a second full decode
      const main = await sharp(input, opts)
        .autoOrient()
        .resize({ width: IMAGE_MAX_EDGE, height: IMAGE_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      const thumb = await sharp(main.data).resize({ width: THUMB_MAX_EDGE, height: THUMB_MAX_EDGE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
      return { main: main.data, thumb, width: main.info.width, height: main.info.height };
    });
  } catch {
    throw notImage;
  }
}

export function cleanAlt(alt: string | undefined, fallback: string): string {
  const a = (alt ?? '').replace(/\s+/g, ' ').trim();
  return (a || fallback).slice(0, ALT_MAX);
}

async function removeKeys(store: FileStore, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => store.delete(k).catch(() => {})));
}

/**
 * Stores processed images and adds them after the listing's current ones, all
 * or nothing. The files are written first (slow, outside any lock); the rows
 * are inserted under a lock on the listing so two uploads cannot together pass
 * the per-listing limit; when the rows are refused the files are removed again.
 */
/**
 * Stores processed photos and their rows. A new photo on a live listing changes what buyers
 * see as much as a new description, so with `review` the listing goes back to moderation
 * (docs/decisions/006-material-edits.md); seeds leave it out.
 */
export async function addImages(
  db: Knex,
  store: FileStore,
  listingId: number,
  images: { image: ProcessedImage; alt: string }[],
  opts: { review?: boolean } = {},
): Promise<ImageRow[]> {
  const written: string[] = [];
  const rows: Omit<ImageRow, 'id'>[] = [];
  try {
    for (const { image, alt } of images) {
      const storage_key = newKey('img', 'webp');
      const thumb_key = newKey('img', 'webp');
      await store.put(storage_key, image.main, OUTPUT_TYPE);
      written.push(storage_key);
      await store.put(thumb_key, image.thumb, OUTPUT_TYPE);
      written.push(thumb_key);
      rows.push({ listing_id: listingId, storage_key, thumb_key, content_type: OUTPUT_TYPE, bytes: image.main.length, width: image.width, height: image.height, alt, position: 0 });
    }
    return await db.transaction(async (trx) => {
      const listing = await lockMediaListing(trx, listingId);
      if (!listing) throw new MediaRefusal('That listing could not be found.', 404);
      const have = await countImages(trx, listingId);
      if (have + rows.length > MAX_IMAGES_PER_LISTING) throw new MediaRefusal(limitMessage(have));
      const inserted = await insertImages(
        trx,
        rows.map((r, i) => ({ ...r, position: have + i })),
      );
      await emit(trx, 'listing.images_changed', { listingId, sellerId: listing.seller_id });
      if (opts.review) {
        const full = await findListing(trx, listingId);
        if (full) await sendBackToReview(trx, full);
      }
      return inserted;
    });
  } catch (err) {
    await removeKeys(store, written);
    throw err;
  }
}

export function limitMessage(have: number): string {
  const room = Math.max(0, MAX_IMAGES_PER_LISTING - have);
  return room === 0
    ? `A listing can have at most ${MAX_IMAGES_PER_LISTING} photos. Delete one before adding another.`
    : `A listing can have at most ${MAX_IMAGES_PER_LISTING} photos; you can add ${room} more.`;
}

/**
 * One image for a listing, from any image bytes: used by uploads and by the
 * demo seeds. Throws MediaRefusal when the bytes are not an image or the
 * listing is full.
 */
export async function storeListingImage(db: Knex, store: FileStore, listingId: number, buffer: Buffer, alt: string): Promise<ImageView> {
  const image = await processImage(buffer);
  const [row] = await addImages(db, store, listingId, [{ image, alt: cleanAlt(alt, 'Photo') }]);
  return (await listingImages(db, listingId)).find((v) => v.id === Number(row.id))!;
}

/** Moves one image a step towards the cover (up) or the end (down). */
export async function moveImage(db: Knex, listing: MediaListing, imageId: number, direction: 'up' | 'down'): Promise<boolean> {
  return db.transaction(async (trx) => {
    if (!(await lockMediaListing(trx, listing.id))) return false;
    const ids = (await imageRows(trx, listing.id)).map((r) => Number(r.id));
    const i = ids.indexOf(imageId);
    if (i < 0) return false;
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j >= 0 && j < ids.length) [ids[i], ids[j]] = [ids[j], ids[i]];
    await setPositions(trx, listing.id, ids);
    await emit(trx, 'listing.images_changed', { listingId: listing.id, sellerId: listing.seller_id });
    return true;
  });
}

export async function setImageAlt(db: Knex, listing: MediaListing, imageId: number, alt: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    if (!(await lockMediaListing(trx, listing.id))) return false;
    const ok = await updateImageAlt(trx, listing.id, imageId, alt);
    if (ok) await emit(trx, 'listing.images_changed', { listingId: listing.id, sellerId: listing.seller_id });
    return ok;
  });
}

/** Deletes the row, closes the gap in positions, then removes both files once the delete has committed. */
export async function deleteImage(db: Knex, store: FileStore, listing: MediaListing, imageId: number): Promise<boolean> {
  const gone = await db.transaction(async (trx) => {
    if (!(await lockMediaListing(trx, listing.id))) return undefined;
    const row = await deleteImageRow(trx, listing.id, imageId);
    if (!row) return undefined;
    await setPositions(
      trx,
      listing.id,
      (await imageRows(trx, listing.id)).map((r) => Number(r.id)),
    );
    await emit(trx, 'listing.images_changed', { listingId: listing.id, sellerId: listing.seller_id });
    return row;
  });
  if (!gone) return false;
  await removeKeys(store, [gone.storage_key, gone.thumb_key]);
  return true;
}
