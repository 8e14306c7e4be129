import type { Knex } from 'knex';

/**
 * Search that finds (decision 025): a listing's search document also holds the names of its
 * category and that category's ancestors (weight B, below the title), so "shoes" finds every
 * listing in Shoes; admins keep synonym groups that widen a query ("tee" also means "t-shirt");
 * and a small vocabulary of words from titles and categories answers typos and autocomplete.
 *
 * The document stops being a generated column (a generated column cannot read another table):
 * the same expression is kept by a trigger, and a category rename or move rewrites the documents
 * of the listings in that category's subtree. The column, its partial GIN index and every query
 * reading it stay as they were.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create extension if not exists pg_trgm;

    -- the names of a category and its ancestors, nearest first
    create function search_category_names(p_category bigint) returns text language sql stable as $$
      with recursive chain(id, parent_id, name, depth) as (
        select id, parent_id, name, 0 from categories where id = p_category
        union all
        select c.id, c.parent_id, c.name, chain.depth + 1 from categories c join chain on c.id = chain.parent_id where chain.depth < 20
      )
      select coalesce(string_agg(name, ' ' order by depth), '') from chain
    $$;

    -- title outranks category names and attribute values, which outrank the description
    create function listing_search_document(p_title text, p_description text, p_attributes jsonb, p_category bigint) returns tsvector language sql stable as $$
      select setweight(to_tsvector('english'::regconfig, p_title), 'A')
        || setweight(to_tsvector('english'::regconfig, search_category_names(p_category)), 'B')
        || setweight(jsonb_to_tsvector('english'::regconfig, coalesce(p_attributes, '{}'::jsonb), '["string", "numeric"]'), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(p_description, '')), 'C')
    $$;

    alter table listings alter column search_vector drop expression;

    create function listings_search_document() returns trigger language plpgsql as $$
    begin
      new.search_vector := listing_search_document(new.title, new.description, new.attributes, new.category_id);
      return new;
    end $$;
    create trigger listings_search_document
      before insert or update of title, description, attributes, category_id on listings
      for each row execute function listings_search_document();
  `);

  await knex.raw(`
    -- a rename or a move changes the document of every listing below the category
    create function categories_search_documents() returns trigger language plpgsql as $$
    begin
      update listings l set search_vector = listing_search_document(l.title, l.description, l.attributes, l.category_id)
       where l.category_id in (
         with recursive sub(id, depth) as (
           select new.id, 0
           union all
           select c.id, sub.depth + 1 from categories c join sub on c.parent_id = sub.id where sub.depth < 20
         ) select id from sub);
      return null;
    end $$;
    create trigger categories_search_documents
      after update of name, parent_id on categories for each row
      when (old.name is distinct from new.name or old.parent_id is distinct from new.parent_id)
      execute function categories_search_documents();

    update listings set search_vector = listing_search_document(title, description, attributes, category_id);

    -- groups of words a buyer may use for the same thing; a query word in a group also matches the others
    create table search_synonyms (
      id bigserial primary key,
      terms text[] not null,
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint search_synonyms_size check (cardinality(terms) between 2 and 20)
    );
    create constraint trigger search_synonyms_search_generation
      after insert or update or delete on search_synonyms deferrable initially deferred for each row
      execute function search_generation_bump();
    create trigger search_synonyms_search_generation_truncate after truncate on search_synonyms
      for each statement execute function search_generation_bump_now();

    -- words of listed titles and of category names, with how many listings use them (rebuilt by a job)
    create table search_vocabulary (
      word text primary key,
      listings integer not null default 0,
      constraint search_vocabulary_word_len check (char_length(word) between 2 and 40)
    );
    create index search_vocabulary_trgm_idx on search_vocabulary using gin (word gin_trgm_ops);
    create index search_vocabulary_prefix_idx on search_vocabulary (word text_pattern_ops);
    -- the search generation the vocabulary was last built at (a rebuild with nothing changed is skipped)
    create table search_vocabulary_state (
      id boolean primary key default true check (id),
      generation bigint not null default 0,
      built_at timestamptz
    );
    insert into search_vocabulary_state (id) values (true);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists search_vocabulary_state, search_vocabulary, search_synonyms;
    drop trigger if exists categories_search_documents on categories;
    drop trigger if exists listings_search_document on listings;
    drop function if exists categories_search_documents(), listings_search_document();
    drop index if exists listings_search_idx;
    alter table listings drop column if exists search_vector;
    alter table listings add column search_vector tsvector generated always as (
      setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(jsonb_to_tsvector('english'::regconfig, attributes, '["string", "numeric"]'), 'B')
      || setweight(to_tsvector('english'::regconfig, description), 'C')
    ) stored;
    create index listings_search_idx on listings using gin (search_vector)
      where status = 'active' and hidden_at is null and deleted_at is null;
    drop function if exists listing_search_document(text, text, jsonb, bigint), search_category_names(bigint);
  `);
}
