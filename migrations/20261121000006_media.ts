import type { Knex } from 'knex';

// GET /media/:name finds the image row by its key (to serve only listing images, never private files)
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create unique index listing_images_storage_key on listing_images (storage_key);
    create unique index listing_images_thumb_key on listing_images (thumb_key);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists listing_images_thumb_key;
    drop index if exists listing_images_storage_key;
  `);
}
