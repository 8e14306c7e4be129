import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table listings (
      id bigserial primary key,
      seller_id bigint not null references users(id),
      category_id bigint not null references categories(id),
      kind text not null check (kind in ('fixed', 'auction', 'digital', 'service', 'classified')),
      status text not null default 'draft'
        check (status in ('draft', 'pending', 'active', 'rejected', 'expired', 'paused', 'sold_out')),
      title text not null,
      slug text not null,
      description text not null default '',
      seo_title text,
      seo_description text,
      condition text check (condition in ('new', 'used', 'refurbished')),
      city text,
      lat double precision,
      lng double precision,
      currency text not null default 'EUR',
      -- fixed, digital, classified: the price; service: price per price_unit; auction: null
      price bigint,
      price_unit text check (price_unit in ('hour', 'unit', 'day', 'session')),
      -- fixed price without variants; with variants the variants hold stock
      stock integer,
      reserved integer not null default 0,
      attributes jsonb not null default '{}'::jsonb,
      -- keys of the enum attributes that span the variants (size × colour …)
      variant_axes text[] not null default '{}',
      -- auction fields (the auction engine uses them)
      start_price bigint,
      reserve_price bigint,
      buy_now_price bigint,
      starts_at timestamptz,
      ends_at timestamptz,
      -- digital: the private file delivered after purchase
      digital_file_key text,
      digital_file_name text,
      digital_file_bytes bigint,
      -- moderation
      risk_score integer not null default 0,
      risk_reasons jsonb not null default '[]'::jsonb,
      rejection_reason text,
      claimed_by bigint references users(id),
      claimed_until timestamptz,
      submitted_at timestamptz,
      published_at timestamptz,
      expires_at timestamptz,
      hidden_at timestamptz,
      deleted_at timestamptz,
      -- paid promotion (boosts): ranks first while promoted_until is in the future
      promoted_until timestamptz,
      promoted_weight integer not null default 0,
      views integer not null default 0,
      favourites_count integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint listings_title_len check (char_length(title) between 3 and 120),
      constraint listings_description_len check (char_length(description) <= 10000),
      constraint listings_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      constraint listings_seo_title_len check (seo_title is null or char_length(seo_title) <= 70),
      constraint listings_seo_description_len check (seo_description is null or char_length(seo_description) <= 160),
      constraint listings_city_len check (city is null or char_length(city) between 1 and 80),
      constraint listings_position check ((lat is null) = (lng is null) and (lat is null or (lat between -90 and 90 and lng between -180 and 180))),
      constraint listings_money check (
        (price is null or price >= 0) and (start_price is null or start_price >= 0)
        and (reserve_price is null or reserve_price >= 0) and (buy_now_price is null or buy_now_price >= 0)
      ),
      constraint listings_stock check (stock is null or (stock >= 0 and reserved >= 0 and reserved <= stock)),
      constraint listings_auction_window check (starts_at is null or ends_at is null or ends_at > starts_at),
      constraint listings_counters check (views >= 0 and favourites_count >= 0)
    );
    create unique index listings_slug_key on listings (slug);
    create index listings_seller_idx on listings (seller_id, status) where deleted_at is null;
    create index listings_category_idx on listings (category_id) where deleted_at is null;
    create index listings_public_idx on listings (published_at desc, id desc) where status = 'active' and hidden_at is null and deleted_at is null;
    create index listings_queue_idx on listings (risk_score desc, submitted_at) where status = 'pending' and deleted_at is null;
    create index listings_expiry_idx on listings (expires_at) where status = 'active' and deleted_at is null;

    create table listing_variants (
      id bigserial primary key,
      listing_id bigint not null references listings(id) on delete cascade,
      -- the combination, e.g. {"size": "M", "colour": "red"}
      options jsonb not null,
      sku text not null,
      price bigint not null check (price >= 0),
      stock integer not null default 0,
      reserved integer not null default 0,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      constraint listing_variants_sku_format check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      constraint listing_variants_stock check (stock >= 0 and reserved >= 0 and reserved <= stock),
      constraint listing_variants_options_unique unique (listing_id, options),
      constraint listing_variants_sku_unique unique (listing_id, sku)
    );

    create table listing_images (
      id bigserial primary key,
      listing_id bigint not null references listings(id) on delete cascade,
      -- keys in the file store: the normalized original and its thumbnail
      storage_key text not null,
      thumb_key text not null,
      content_type text not null,
      bytes integer not null,
      width integer not null,
      height integer not null,
      alt text not null default '',
      position integer not null default 0,
      created_at timestamptz not null default now(),
      constraint listing_images_alt_len check (char_length(alt) <= 200)
    );
    create index listing_images_listing_idx on listing_images (listing_id, position);

    create table listing_flags (
      id bigserial primary key,
      listing_id bigint not null references listings(id) on delete cascade,
      reporter_id bigint not null references users(id),
      reason text not null check (reason in ('prohibited', 'counterfeit', 'scam', 'wrong_category', 'offensive', 'other')),
      note text not null default '',
      resolved_at timestamptz,
      created_at timestamptz not null default now(),
      constraint listing_flags_note_len check (char_length(note) <= 1000),
      constraint listing_flags_once unique (listing_id, reporter_id)
    );

    create table favourites (
      user_id bigint not null references users(id) on delete cascade,
      listing_id bigint not null references listings(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (user_id, listing_id)
    );
    create index favourites_listing_idx on favourites (listing_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists favourites, listing_flags, listing_images, listing_variants, listings cascade;`);
}
