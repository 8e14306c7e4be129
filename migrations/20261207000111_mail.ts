import type { Knex } from 'knex';

/**
 * Email: `emails` is the delivery log (one row per message, written in the
 * transaction of whatever caused it, delivered by a job), and
 * `notification_preferences` holds each user's choice of channels per kind of
 * notification (no row: the kind's default).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table emails (
      id bigserial primary key,
      user_id bigint references users(id) on delete set null,
      to_address text not null check (length(to_address) between 3 and 320),
      kind text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      -- queued → sending → sent, or back to queued after a temporary refusal, or failed for good
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      -- fixed at the first attempt and reused by every retry, so a receiver can drop a duplicate
      message_id text,
      smtp_response text,
      -- the notification it tells about (one email per notification)
      notification_id bigint references notifications(id) on delete set null,
      next_attempt_at timestamptz not null default now(),
      sending_since timestamptz,
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index emails_notification_uniq on emails (notification_id) where notification_id is not null;
    create index emails_due_idx on emails (next_attempt_at) where status in ('queued', 'sending');
    create index emails_user_idx on emails (user_id, id desc);
    create index emails_recent_idx on emails (id desc);

    create table notification_preferences (
      user_id bigint not null references users(id) on delete cascade,
      kind text not null,
      in_app boolean not null,
      email boolean not null,
      updated_at timestamptz not null default now(),
      primary key (user_id, kind)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists notification_preferences; drop table if exists emails;');
}
