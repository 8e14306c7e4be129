import type { Knex } from 'knex';
import { newKey } from '../../../src/media/storage.js';
import { createCategoryRow, createListing } from '../../factories.js';
import type { Fixture } from './types.js';

/** A listing of the signed-in admin (who becomes a seller for it). */
async function adminListing(db: Knex, adminId: number, over: Record<string, unknown> = {}) {
  await db('sellers').insert({ user_id: adminId, shop_name: `Admin shop ${adminId}`, description: 'Planted for CSRF checks.' }).onConflict('user_id').ignore();
  const category = await createCategoryRow(db);
  return createListing(db, { seller_id: adminId, category_id: category.id, ...over });
}

/** Image rows whose files are not needed by the route under test. */
async function plantImages(db: Knex, listingId: number, n: number): Promise<number[]> {
  const rows = await db('listing_images')
    .insert(
      Array.from({ length: n }, (_, i) => ({
        listing_id: listingId,
        storage_key: newKey('img', 'webp'),
        thumb_key: newKey('img', 'webp'),
        content_type: 'image/webp',
        bytes: 10,
        width: 10,
        height: 10,
        alt: `Planted ${i}`,
        position: i,
      })),
    )
    .returning('id');
  return rows.map((r: { id: number }) => Number(r.id));
}

/**
 * CSRF fixtures for the unsafe routes of the media domain, keyed "method path" as in src/media/routes.ts.
 * The two upload routes take multipart bodies from the browser; they also accept a
 * plain form (a cover made from the title; renaming the download), which is what the
 * positive control sends. The multipart path is covered by tests/media/*.test.ts.
 */
export const mediaFixtures: Record<string, Fixture> = {
  'post /seller/listings/:id/images': async (db, _c, { admin }) => {
    const l = await adminListing(db, admin.id);
    return {
      path: `/seller/listings/${l.id}/images`,
      form: { generate: 'cover' },
      state: async () => Number((await db('listing_images').where({ listing_id: l.id }).count('* as n').first())?.n),
    };
  },
  'patch /seller/listings/:id/images/:imageId': async (db, _c, { admin }) => {
    const l = await adminListing(db, admin.id);
    const [id] = await plantImages(db, l.id, 1);
    return {
      path: `/seller/listings/${l.id}/images/${id}`,
      form: { alt: 'Changed by another site' },
      state: async () => (await db('listing_images').where({ id }).first()).alt,
    };
  },
  'delete /seller/listings/:id/images/:imageId': async (db, _c, { admin }) => {
    const l = await adminListing(db, admin.id);
    const [id] = await plantImages(db, l.id, 1);
    return {
      path: `/seller/listings/${l.id}/images/${id}`,
      form: {},
      state: async () => Boolean(await db('listing_images').where({ id }).first()),
    };
  },
  'post /seller/listings/:id/images/:imageId/position': async (db, _c, { admin }) => {
    const l = await adminListing(db, admin.id);
    const [, second] = await plantImages(db, l.id, 2);
    return {
      path: `/seller/listings/${l.id}/images/${second}/position`,
      form: { direction: 'up' },
      state: async () => (await db('listing_images').where({ listing_id: l.id }).orderBy('position')).map((r) => Number(r.id)),
    };
  },
  'post /seller/listings/:id/digital-file': async (db, _c, { admin }) => {
    const l = await adminListing(db, admin.id, { kind: 'digital', digital_file_key: newKey('file'), digital_file_name: 'original.pdf', digital_file_bytes: 10 });
    return {
      path: `/seller/listings/${l.id}/digital-file`,
      form: { file_name: 'renamed-elsewhere.pdf' },
      state: async () => (await db('listings').where({ id: l.id }).first()).digital_file_name,
    };
  },
};
