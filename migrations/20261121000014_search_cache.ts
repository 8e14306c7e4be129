import type { Knex } from 'knex';

/**
 * The search generation: one counter that every committed change to what search
 * can show moves forward, so web processes can cache search results keyed by it
 * (see docs/decisions/014-search-cache.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table search_generation (
      id boolean primary key default true check (id),
      n bigint not null
    );
    insert into search_generation (id, n) values (true, 1);

    -- Bumps n once per transaction. It runs as a deferred constraint trigger, i.e. at
    -- commit, after every other statement of the transaction: the lock on the one
    -- generation row is the last lock the transaction takes and is held only through
    -- its commit, so it cannot deadlock with the listing rows writers lock in between.
    -- A reader sees the new n exactly when it can see the change.
    create function search_generation_bump() returns trigger language plpgsql as $$
    declare
      tx text := txid_current()::text;
    begin
      if current_setting('souk.search_bumped', true) is distinct from tx then
        perform set_config('souk.search_bumped', tx, true);
        update search_generation set n = n + 1 where id;
      end if;
      return null;
    end $$;

    -- TRUNCATE takes an exclusive lock on the table anyway; bump at once
    create function search_generation_bump_now() returns trigger language plpgsql as $$
    begin
      update search_generation set n = n + 1 where id;
      return null;
    end $$;

    -- only the columns that change what a search returns, shows or how it ranks:
    -- page views, favourites, moderation claims and risk scores leave cached searches alone
    create constraint trigger listings_search_generation
      after insert or delete or update of
        status, hidden_at, deleted_at, expires_at, published_at,
        title, slug, description, attributes, category_id, kind, condition, city, lat, lng,
        currency, price, price_unit, start_price, buy_now_price, stock, ends_at,
        promoted_until, promoted_weight
      on listings deferrable initially deferred for each row
      execute function search_generation_bump();

    create constraint trigger listing_images_search_generation
      after insert or update or delete on listing_images deferrable initially deferred for each row
      execute function search_generation_bump();
    create constraint trigger categories_search_generation
      after insert or update or delete on categories deferrable initially deferred for each row
      execute function search_generation_bump();
    create constraint trigger category_attributes_search_generation
      after insert or update or delete on category_attributes deferrable initially deferred for each row
      execute function search_generation_bump();

    create trigger listings_search_generation_truncate after truncate on listings
      for each statement execute function search_generation_bump_now();
    create trigger listing_images_search_generation_truncate after truncate on listing_images
      for each statement execute function search_generation_bump_now();
    create trigger categories_search_generation_truncate after truncate on categories
      for each statement execute function search_generation_bump_now();
    create trigger category_attributes_search_generation_truncate after truncate on category_attributes
      for each statement execute function search_generation_bump_now();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists listings_search_generation on listings;
    drop trigger if exists listing_images_search_generation on listing_images;
    drop trigger if exists categories_search_generation on categories;
    drop trigger if exists category_attributes_search_generation on category_attributes;
    drop trigger if exists listings_search_generation_truncate on listings;
    drop trigger if exists listing_images_search_generation_truncate on listing_images;
    drop trigger if exists categories_search_generation_truncate on categories;
    drop trigger if exists category_attributes_search_generation_truncate on category_attributes;
    drop function if exists search_generation_bump(), search_generation_bump_now();
    drop table if exists search_generation;
  `);
}
