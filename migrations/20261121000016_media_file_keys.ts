import type { Knex } from 'knex';

// the orphan sweep (src/media/orphans.ts) asks, page by page, which keys a digital listing points at
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index listings_digital_file_key on listings (digital_file_key) where digital_file_key is not null;`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists listings_digital_file_key;`);
}
