import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table users (
      id bigserial primary key,
      email text not null,
      display_name text not null,
      password_hash text not null,
      is_admin boolean not null default false,
      blocked_at timestamptz,
      blocked_until timestamptz,
      blocked_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_email_len check (char_length(email) between 3 and 254),
      constraint users_name_len check (char_length(display_name) between 1 and 60)
    );
    create unique index users_email_key on users (lower(email));

    create table sellers (
      user_id bigint primary key references users(id),
      shop_name text not null,
      description text not null default '',
      approved_at timestamptz not null default now(),
      approved_by bigint references users(id)
    );
    create unique index sellers_shop_name_key on sellers (lower(shop_name));

    create table seller_applications (
      id bigserial primary key,
      user_id bigint not null references users(id),
      shop_name text not null,
      description text not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      reason text,
      decided_by bigint references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now()
    );
    -- at most one open application per user
    create unique index seller_applications_one_pending on seller_applications (user_id) where status = 'pending';
    create index seller_applications_status on seller_applications (status, created_at);

    create table outbox (
      id bigserial primary key,
      topic text not null,
      payload jsonb not null default '{}',
      created_at timestamptz not null default now(),
      published_at timestamptz
    );
    create index outbox_unpublished on outbox (id) where published_at is null;

    -- wake the relay when events are committed (NOTIFY is delivered only on commit)
    create function outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('outbox', '');
      return null;
    end $$;
    create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

    create table notifications (
      id bigserial primary key,
      user_id bigint not null references users(id),
      kind text not null,
      title text not null,
      body text not null default '',
      link text,
      source_event_id bigint,
      read_at timestamptz,
      created_at timestamptz not null default now()
    );
    -- a replayed event never creates a second notification
    create unique index notifications_once_per_event on notifications (user_id, kind, source_event_id) where source_event_id is not null;
    create index notifications_user on notifications (user_id, id desc);
    create index notifications_unread on notifications (user_id) where read_at is null;

    create table audit_log (
      id bigserial primary key,
      actor_id bigint references users(id),
      action text not null,
      subject_type text not null,
      subject_id bigint,
      reason text,
      before jsonb,
      after jsonb,
      created_at timestamptz not null default now()
    );
    create index audit_log_subject on audit_log (subject_type, subject_id, id desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists audit_log, notifications, outbox, seller_applications, sellers, users cascade;
    drop function if exists outbox_notify();
  `);
}
