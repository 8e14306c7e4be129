import { MediaRefusal, processImage } from '../media/images.js';
import { newKey, type FileStore } from '../media/storage.js';

/** The most photos one dispute message carries. */
export const MAX_DISPUTE_PHOTOS = 4;

const TYPE = 'image/webp';

export interface PhotoUpload {
  buffer: Buffer;
  name?: string;
}

/**
 * Normalizes a message's photos with the media pipeline (decoded by content,
 * turned upright, metadata such as GPS dropped, re-encoded as WebP) and writes
 * them to the store under fresh keys. Every photo is decoded before any is
 * written, so a bad file stores nothing. The keys are private: the public
 * /media route serves listing photos only, these go through the dispute's own
 * authorized route.
 */
export async function storeDisputePhotos(store: FileStore, uploads: PhotoUpload[]): Promise<string[]> {
  if (uploads.length > MAX_DISPUTE_PHOTOS) throw new MediaRefusal(`Add at most ${MAX_DISPUTE_PHOTOS} photos.`, 422, 'photos');
  const processed = [];
  for (const u of uploads) {
    try {
      processed.push(await processImage(u.buffer, u.name));
    } catch (err) {
      if (err instanceof MediaRefusal) throw new MediaRefusal(err.message, err.status, 'photos');
      throw err;
    }
  }
  const keys: string[] = [];
  try {
    for (const p of processed) {
      const key = newKey('img', 'webp');
      await store.put(key, p.main, TYPE);
      keys.push(key);
    }
  } catch (err) {
    await removePhotos(store, keys);
    throw err;
  }
  return keys;
}

/** Removes photos whose message was not saved (a refused or lost race); a missing key is no error. */
export async function removePhotos(store: FileStore, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => store.delete(k).catch(() => {})));
}

export const PHOTO_TYPE = TYPE;
