import type { Knex } from 'knex';

/**
 * One-time links sent by email: a password reset and the confirmation of a new
 * email address. Only a SHA-256 hash of each token is kept, so a copy of the
 * database cannot be used to take over an account; a token works once
 * (`used_at`) and until `expires_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table password_resets (
      id bigserial primary key,
      user_id bigint not null references users(id) on delete cascade,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index password_resets_user_idx on password_resets (user_id) where used_at is null;

    create table email_changes (
      id bigserial primary key,
      user_id bigint not null references users(id) on delete cascade,
      new_email text not null check (char_length(new_email) between 3 and 254),
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      -- a newer request or a completed change makes the others void
      cancelled_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index email_changes_user_idx on email_changes (user_id) where used_at is null and cancelled_at is null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists email_changes; drop table if exists password_resets;`);
}
