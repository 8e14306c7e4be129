import type { Knex } from 'knex';
import { loadSharp, processImage } from '../media/images.js';
import { newKey, type FileStore } from '../media/storage.js';
import { swapShopImage } from './queries.js';

/** A shop's pictures have one shape each, so pages reserve their space exactly. */
export const SHOP_IMAGE_SIZE = {
  logo: { width: 256, height: 256 },
  banner: { width: 1600, height: 400 },
} as const;

export type ShopImageKind = keyof typeof SHOP_IMAGE_SIZE;

/**
 * Reads an uploaded logo or banner the way listing photos are read (the content
 * decides what it is, metadata is dropped, too many pixels are refused: the
 * media domain's `processImage` throws a MediaRefusal), then crops it to the
 * picture's fixed shape.
 */
export async function shapeShopImage(input: Buffer, which: ShopImageKind, name?: string): Promise<Buffer> {
  const normalized = await processImage(input, name);
  const { width, height } = SHOP_IMAGE_SIZE[which];
  const sharp = await loadSharp();
  return sharp(normalized.main).resize({ width, height, fit: 'cover', position: 'attention' }).webp({ quality: 82 }).toBuffer();
}

/**
 * Stores a shop picture and points the shop at it (null removes it); the file
 * it replaced is deleted once the row no longer points at it. A failed row
 * update removes the new file again.
 */
export async function replaceShopImage(db: Knex, store: FileStore, sellerId: number, which: ShopImageKind, bytes: Buffer | null): Promise<boolean> {
  const key = bytes ? newKey('img', 'webp') : null;
  if (key && bytes) await store.put(key, bytes, 'image/webp');
  let swapped: { old: string | null } | undefined;
  try {
    swapped = await db.transaction((trx) => swapShopImage(trx, sellerId, which, key));
  } catch (err) {
    if (key) await store.delete(key).catch(() => {});
    throw err;
  }
  if (!swapped) {
    if (key) await store.delete(key).catch(() => {});
    return false;
  }
  // a file left behind by a failed delete is found by the orphan sweep
  if (swapped.old) await store.delete(swapped.old).catch(() => {});
  return true;
}
