import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- one row per notice sent about a listing's expiry, keyed by the expiry period it
    -- belongs to: a sweep that runs again (or twice at once) never sends it twice, and a
    -- renewal (new expires_at) starts a fresh set of reminders
    create table listing_notices (
      listing_id bigint not null references listings(id) on delete cascade,
      kind text not null check (kind ~ '^(reminder:[0-9]+|expired)$'),
      expires_at timestamptz not null,
      sent_at timestamptz not null default now(),
      primary key (listing_id, kind, expires_at)
    );

    create index listing_flags_open_idx on listing_flags (listing_id) where resolved_at is null;
    create index listings_claim_idx on listings (claimed_by) where claimed_by is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists listings_claim_idx;
    drop index if exists listing_flags_open_idx;
    drop table if exists listing_notices;
  `);
}
