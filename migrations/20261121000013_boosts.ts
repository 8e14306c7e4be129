import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table boost_plans (
      id bigserial primary key,
      name text not null,
      duration_hours integer not null,
      price bigint not null,
      -- ranking among promoted listings: higher first
      weight integer not null,
      retired_at timestamptz,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint boost_plans_name_len check (char_length(name) between 2 and 60),
      constraint boost_plans_duration check (duration_hours between 1 and 24 * 90),
      constraint boost_plans_price check (price > 0),
      constraint boost_plans_weight check (weight between 1 and 100)
    );
    create unique index boost_plans_name_key on boost_plans (lower(name)) where retired_at is null;

    -- one purchase; the plan's terms are copied so editing a plan never changes a bought boost
    create table listing_boosts (
      id bigserial primary key,
      listing_id bigint not null references listings(id),
      seller_id bigint not null references users(id),
      plan_id bigint not null references boost_plans(id),
      plan_name text not null,
      price bigint not null,
      currency text not null,
      weight integer not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      -- set once the end has been applied to the listing (by the delayed job or the sweep)
      ended_at timestamptz,
      created_at timestamptz not null default now(),
      constraint listing_boosts_window check (ends_at > starts_at),
      constraint listing_boosts_price check (price > 0)
    );
    create index listing_boosts_listing_idx on listing_boosts (listing_id, ends_at desc);
    create index listing_boosts_due_idx on listing_boosts (ends_at) where ended_at is null;
    create index listings_promoted_idx on listings (promoted_until) where promoted_until is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists listings_promoted_idx; drop table if exists listing_boosts, boost_plans cascade;`);
}
