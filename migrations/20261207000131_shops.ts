import type { Knex } from 'knex';

/**
 * Shop pages: each seller's shop gets a public address (`/shops/<slug>`), made
 * once from the shop name and kept when the name changes so links keep
 * working; a logo, a banner, and the shop's own words on shipping and returns.
 * Buyers' reviews of a shop (a rating from 1 to 5 and a few words) give its rating.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table sellers
      add column slug text,
      add column logo_key text,
      add column banner_key text,
      add column shipping_policy text not null default '' check (char_length(shipping_policy) <= 2000),
      add column returns_policy text not null default '' check (char_length(returns_policy) <= 2000);

    -- "Samir’s Lamps" → "samir-s-lamps"; accents folded for the common Latin letters, anything else becomes a dash
    create function shop_slug_base(name text) returns text language sql immutable as $$
      select coalesce(nullif(left(trim(both '-' from regexp_replace(
        translate(lower(name), 'àáâãäåāçćčèéêëēęìíîïīłñńòóôõöøōśšùúûüūýÿźžż', 'aaaaaaaccceeeeeeiiiiilnnooooooossuuuuuyyzzz'),
        '[^a-z0-9]+', '-', 'g')), 60), ''), 'shop')
    $$;

    -- the first free one of base, base-2, base-3 … (the unique index below settles a race)
    create function shop_slug_free(name text) returns text language plpgsql as $$
    declare
      base text := trim(both '-' from shop_slug_base(name));
      candidate text := base;
      n integer := 1;
    begin
      while exists (select 1 from sellers where slug = candidate) loop
        n := n + 1;
        candidate := base || '-' || n;
      end loop;
      return candidate;
    end
    $$;

    create function sellers_fill_slug() returns trigger language plpgsql as $$
    begin
      if new.slug is null then
        new.slug := shop_slug_free(new.shop_name);
      end if;
      return new;
    end
    $$;

    do $$
    declare r record;
    begin
      for r in select user_id, shop_name from sellers order by approved_at, user_id loop
        update sellers set slug = shop_slug_free(r.shop_name) where user_id = r.user_id;
      end loop;
    end
    $$;

    alter table sellers alter column slug set not null;
    create unique index sellers_slug_key on sellers (slug);
    alter table sellers add constraint sellers_slug_shape check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
    create trigger sellers_fill_slug before insert on sellers for each row execute function sellers_fill_slug();

    create table shop_reviews (
      id bigserial primary key,
      seller_id bigint not null references sellers(user_id),
      buyer_id bigint not null references users(id),
      rating smallint not null check (rating between 1 and 5),
      body text not null default '' check (char_length(body) <= 2000),
      created_at timestamptz not null default now(),
      -- one review per buyer per shop
      unique (seller_id, buyer_id)
    );
    create index shop_reviews_seller_idx on shop_reviews (seller_id, created_at desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists shop_reviews;
    drop trigger if exists sellers_fill_slug on sellers;
    drop function if exists sellers_fill_slug();
    drop function if exists shop_slug_free(text);
    drop function if exists shop_slug_base(text);
    alter table sellers
      drop constraint if exists sellers_slug_shape,
      drop column if exists slug,
      drop column if exists logo_key,
      drop column if exists banner_key,
      drop column if exists shipping_policy,
      drop column if exists returns_policy;
  `);
}
