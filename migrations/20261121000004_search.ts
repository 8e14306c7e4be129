import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- full-text document: title outranks attribute values, which outrank the description
    alter table listings add column search_vector tsvector generated always as (
      setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(jsonb_to_tsvector('english'::regconfig, attributes, '["string", "numeric"]'), 'B')
      || setweight(to_tsvector('english'::regconfig, description), 'C')
    ) stored;

    -- every index below covers only what search can return (status active, not hidden, not deleted)
    create index listings_search_idx on listings using gin (search_vector)
      where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_attributes_idx on listings using gin (attributes jsonb_path_ops)
      where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_search_category_idx on listings (category_id, published_at desc, id desc)
      where status = 'active' and hidden_at is null and deleted_at is null;
    -- the usual trio on a category page (category, condition, price) narrows before the text match is checked
    create index listings_search_filters_idx on listings (category_id, condition, (coalesce(price, start_price, 0)))
      where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_search_price_idx on listings ((coalesce(price, start_price, 0)), id)
      where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_search_city_idx on listings (lower(city))
      where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_search_position_idx on listings (lat, lng)
      where status = 'active' and hidden_at is null and deleted_at is null and lat is not null;
    create index listings_search_promoted_idx on listings (promoted_until)
      where promoted_until is not null and status = 'active' and hidden_at is null and deleted_at is null;

    create table saved_searches (
      id bigserial primary key,
      user_id bigint not null references users(id) on delete cascade,
      name text not null,
      -- the normalized query string of the search (same order and spelling as the search page's own URLs)
      query text not null,
      -- the same parameters as an object, for reading without parsing
      params jsonb not null default '{}'::jsonb,
      -- the newest listing the owner was told about (informational; notified rows decide)
      last_notified_listing_id bigint,
      created_at timestamptz not null default now(),
      constraint saved_searches_name_len check (char_length(name) between 1 and 80),
      constraint saved_searches_query_len check (char_length(query) <= 2000),
      constraint saved_searches_once unique (user_id, query)
    );
    create index saved_searches_user_idx on saved_searches (user_id, id desc);

    -- one notification per (saved search, listing), however often the listing is approved again
    create table saved_search_notified (
      saved_search_id bigint not null references saved_searches(id) on delete cascade,
      listing_id bigint not null references listings(id) on delete cascade,
      notified_at timestamptz not null default now(),
      primary key (saved_search_id, listing_id)
    );
    create index saved_search_notified_listing_idx on saved_search_notified (listing_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists saved_search_notified, saved_searches cascade;
    drop index if exists listings_search_idx, listings_attributes_idx, listings_search_category_idx, listings_search_filters_idx,
      listings_search_price_idx, listings_search_city_idx, listings_search_position_idx, listings_search_promoted_idx;
    alter table listings drop column if exists search_vector;
  `);
}
