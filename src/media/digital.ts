import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { renameDigitalFile, setDigitalFile } from '../listings/digital-file.js';
import { lockMediaListing, type MediaListing } from './queries.js';
import { newKey, type FileStore } from './storage.js';
import { MediaRefusal } from './images.js';
import { FILE_NAME_MAX } from './limits.js';


/**
 * The name buyers' browsers save the download as. It is only ever sent in a
 * Content-Disposition header (never used as a path), but control characters,
 * slashes and leading dots are dropped so it saves cleanly everywhere.
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return cleaned.slice(0, FILE_NAME_MAX);
}

/**
 * Stores the deliverable in the private part of the store and points the
 * listing at it; the previous file is removed once the change has committed.
 */
export async function replaceDigitalFile(db: Knex, store: FileStore, listing: MediaListing, file: { buffer: Buffer; name: string }): Promise<void> {
  if (file.buffer.length === 0) throw new MediaRefusal('That file is empty. Choose the file buyers will download.', 422, 'file');
  const name = cleanFileName(file.name) || 'download';
  const key = newKey('file');
  await store.put(key, file.buffer, 'application/octet-stream');
  let previous: string | null = null;
  try {
    await db.transaction(async (trx) => {
      const locked = await lockMediaListing(trx, listing.id);
      if (!locked || locked.kind !== 'digital') throw new MediaRefusal('That listing could not be found.', 404, 'file');
      previous = locked.digital_file_key;
      await setDigitalFile(trx, listing.id, { key, name, bytes: file.buffer.length });
      await emit(trx, 'listing.digital_file_changed', { listingId: listing.id, sellerId: listing.seller_id });
    });
  } catch (err) {
    await store.delete(key).catch(() => {});
    throw err;
  }
  if (previous && previous !== key) await store.delete(previous).catch(() => {});
}

/** Changes only the name the download is saved as. */
export async function renameDigital(db: Knex, listing: MediaListing, rawName: string): Promise<void> {
  const name = cleanFileName(rawName);
  if (!name) throw new MediaRefusal('Give the file a name, e.g. “pattern.pdf”.', 422, 'file_name');
  await db.transaction(async (trx) => {
    const locked = await lockMediaListing(trx, listing.id);
    if (!locked || locked.kind !== 'digital') throw new MediaRefusal('That listing could not be found.', 404, 'file');
    if (!locked.digital_file_key) throw new MediaRefusal('Upload the file first.', 422, 'file');
    await renameDigitalFile(trx, listing.id, name);
  });
}
