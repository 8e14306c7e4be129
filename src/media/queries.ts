import type { Knex } from 'knex';
import { mediaPaths } from './paths.js';

/** One image as views need it. */
export interface ImageView {
  id: number;
  url: string;
  thumbUrl: string;
  alt: string;
  width: number;
  height: number;
  position: number;
}

export interface ImageRow {
  id: number;
  listing_id: number;
  storage_key: string;
  thumb_key: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  position: number;
}

/** What the media rules need to know about a listing. */
export interface MediaListing {
  id: number;
  seller_id: number;
  kind: string;
  status: string;
  title: string;
  digital_file_key: string | null;
  digital_file_name: string | null;
  digital_file_bytes: number | null;
}

const listingColumns = ['id', 'seller_id', 'kind', 'status', 'title', 'digital_file_key', 'digital_file_name', 'digital_file_bytes'];

function toView(r: ImageRow): ImageView {
  return {
    id: Number(r.id),
    url: mediaPaths.media(r.storage_key),
    thumbUrl: mediaPaths.media(r.thumb_key),
    alt: r.alt,
    width: r.width,
    height: r.height,
    position: r.position,
  };
}

function normalizeListing(r: MediaListing | undefined): MediaListing | undefined {
  if (!r) return undefined;
  return { ...r, id: Number(r.id), seller_id: Number(r.seller_id), digital_file_bytes: r.digital_file_bytes === null ? null : Number(r.digital_file_bytes) };
}

/** A listing's images in display order. */
export async function listingImages(db: Knex, listingId: number): Promise<ImageView[]> {
  const rows: ImageRow[] = await db('listing_images').where({ listing_id: listingId }).orderBy([{ column: 'position' }, { column: 'id' }]);
  return rows.map(toView);
}

/** The first image of each listing, for result cards. */
export async function coverImages(db: Knex, listingIds: number[]): Promise<Map<number, ImageView>> {
  const out = new Map<number, ImageView>();
  if (listingIds.length === 0) return out;
  const rows: ImageRow[] = await db
    .select('*')
    .from(db.raw('(select distinct on (listing_id) * from listing_images where listing_id = any(?) order by listing_id, position, id) as covers', [listingIds]));
  for (const r of rows) out.set(Number(r.listing_id), toView(r));
  return out;
}

/** A listing that is not deleted, with the columns media needs. */
export async function findMediaListing(db: Knex, id: number): Promise<MediaListing | undefined> {
  return normalizeListing(await db('listings').select(listingColumns).where({ id }).whereNull('deleted_at').first());
}

/** The same, locked for the rest of the transaction (serializes changes to one listing's images/file). */
export async function lockMediaListing(trx: Knex.Transaction, id: number): Promise<MediaListing | undefined> {
  return normalizeListing(await trx('listings').select(listingColumns).where({ id }).whereNull('deleted_at').forUpdate().first());
}

/** The image rows of a listing in display order. */
export async function imageRows(db: Knex, listingId: number): Promise<ImageRow[]> {
  return db('listing_images').where({ listing_id: listingId }).orderBy([{ column: 'position' }, { column: 'id' }]);
}

export async function countImages(db: Knex, listingId: number): Promise<number> {
  const row = await db('listing_images').where({ listing_id: listingId }).count<{ n: string }>('* as n').first();
  return Number(row?.n ?? 0);
}

export async function insertImages(trx: Knex.Transaction, rows: Omit<ImageRow, 'id'>[]): Promise<ImageRow[]> {
  return trx('listing_images').insert(rows).returning('*');
}

export async function updateImageAlt(trx: Knex.Transaction, listingId: number, imageId: number, alt: string): Promise<boolean> {
  return (await trx('listing_images').where({ id: imageId, listing_id: listingId }).update({ alt })) > 0;
}

export async function deleteImageRow(trx: Knex.Transaction, listingId: number, imageId: number): Promise<ImageRow | undefined> {
  const [row] = await trx('listing_images').where({ id: imageId, listing_id: listingId }).delete().returning('*');
  return row;
}

/** Rewrites positions 0..n-1 in the given order. */
export async function setPositions(trx: Knex.Transaction, listingId: number, orderedIds: number[]): Promise<void> {
  if (orderedIds.length === 0) return;
  await trx.raw(
    `update listing_images li set position = o.pos - 1
       from unnest(?::bigint[]) with ordinality as o(id, pos)
      where li.id = o.id and li.listing_id = ?`,
    [orderedIds, listingId],
  );
}

/** The image row a public key belongs to (either the image or its thumbnail). */
export async function imageByKey(db: Knex, key: string): Promise<ImageRow | undefined> {
  return db('listing_images').where({ storage_key: key }).orWhere({ thumb_key: key }).first();
}

/**
 * Which of these store keys a row still points at: a listing image or its
 * thumbnail, a digital listing's file (deleted listings included; their rows remain),
 * or a stored order document (receipts, invoices and credit notes are kept for good).
 */
export async function referencedKeys(db: Knex, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.raw<{ rows: { key: string }[] }>(
    `select storage_key as key from listing_images where storage_key = any(?)
     union
     select thumb_key from listing_images where thumb_key = any(?)
     union
     select digital_file_key from listings where digital_file_key = any(?)
     union
     select storage_key from order_documents where storage_key = any(?)`,
    [keys, keys, keys, keys],
  );
  return new Set(rows.map((r) => r.key));
}

/** Up to `limit` keys of the newest photos, of the newest digital files and of the newest order documents: files the store must hold if it is this database's. */
export async function newestReferencedKeys(db: Knex, limit: number): Promise<string[]> {
  const images: string[] = await db('listing_images').orderBy('id', 'desc').limit(limit).pluck('storage_key');
  const files: string[] = await db('listings').whereNotNull('digital_file_key').orderBy('id', 'desc').limit(limit).pluck('digital_file_key');
  const documents: string[] = await db('order_documents').orderBy('id', 'desc').limit(limit).pluck('storage_key');
  return [...images, ...files, ...documents];
}
