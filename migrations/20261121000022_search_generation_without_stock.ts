import type { Knex } from 'knex';

// Search results show no stock count: a sale that leaves units on sale changes nothing a search
// returns, and a sale of the last unit changes `status` (sold out), which still moves the
// generation. Counting stock made every sale empty every web process's search cache.
const COLUMNS = `status, hidden_at, deleted_at, expires_at, published_at,
        title, slug, description, attributes, category_id, kind, condition, city, lat, lng,
        currency, price, price_unit, start_price, buy_now_price, ends_at,
        promoted_until, promoted_weight`;

const trigger = (columns: string) => `
    drop trigger if exists listings_search_generation on listings;
    create constraint trigger listings_search_generation
      after insert or delete or update of ${columns}
      on listings deferrable initially deferred for each row
      execute function search_generation_bump();`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(trigger(COLUMNS));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(trigger(`${COLUMNS}, stock`));
}
