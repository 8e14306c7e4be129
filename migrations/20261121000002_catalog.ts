import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table categories (
      id bigserial primary key,
      parent_id bigint references categories(id),
      name text not null,
      slug text not null,
      position integer not null default 0,
      retired_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint categories_name_len check (char_length(name) between 1 and 80),
      constraint categories_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      constraint categories_not_own_parent check (parent_id is null or parent_id <> id)
    );
    create unique index categories_slug_key on categories (slug);
    create index categories_parent_idx on categories (parent_id, position);

    create table category_attributes (
      id bigserial primary key,
      category_id bigint not null references categories(id) on delete cascade,
      key text not null,
      label text not null,
      type text not null check (type in ('text', 'number', 'enum', 'boolean')),
      unit text,
      options jsonb,
      required boolean not null default false,
      filterable boolean not null default false,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      constraint category_attributes_key_format check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
      constraint category_attributes_label_len check (char_length(label) between 1 and 60),
      constraint category_attributes_unit_number check (unit is null or type = 'number'),
      constraint category_attributes_options_enum check (
        (type = 'enum' and jsonb_typeof(options) = 'array' and jsonb_array_length(options) > 0)
        or (type <> 'enum' and options is null)
      ),
      constraint category_attributes_key_unique unique (category_id, key)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists category_attributes, categories cascade;`);
}
