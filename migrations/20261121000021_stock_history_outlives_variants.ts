import type { Knex } from 'knex';

/**
 * A seller's own stock changes are stock movements too, so nearly every variant
 * has history. The history is append-only and must outlive a variant the seller
 * removes (its last movement takes its stock to zero): the movement keeps the
 * variant's id without a foreign key. Variants with orders or cart lines are
 * still kept by those tables' keys.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table stock_movements drop constraint if exists stock_movements_variant_id_fkey;`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table stock_movements add constraint stock_movements_variant_id_fkey foreign key (variant_id) references listing_variants(id) not valid;`);
}
