import type { Knex } from 'knex';

/**
 * Conversations between a buyer and a seller about a listing or about one
 * seller's part of an order: the messages, how far each side has read, the
 * people a user no longer accepts messages from, and reports an admin reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table conversations (
      id bigserial primary key,
      buyer_id bigint not null references users(id),
      seller_id bigint not null references users(id),
      listing_id bigint references listings(id),
      seller_order_id bigint references seller_orders(id),
      -- the last message each side has seen (0: none yet)
      buyer_read_upto bigint not null default 0,
      seller_read_upto bigint not null default 0,
      last_message_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      constraint conversations_two_people check (buyer_id <> seller_id),
      -- about exactly one thing: a listing, or an order part
      constraint conversations_subject check ((listing_id is null) <> (seller_order_id is null))
    );
    -- one thread per buyer and listing, one per order part: writing again continues it
    create unique index conversations_listing_buyer on conversations (listing_id, buyer_id) where listing_id is not null;
    create unique index conversations_seller_order on conversations (seller_order_id) where seller_order_id is not null;
    create index conversations_buyer_idx on conversations (buyer_id, last_message_at desc);
    create index conversations_seller_idx on conversations (seller_id, last_message_at desc);

    create table conversation_messages (
      id bigserial primary key,
      conversation_id bigint not null references conversations(id),
      sender_id bigint not null references users(id),
      body text not null check (char_length(body) between 1 and 2000),
      created_at timestamptz not null default now()
    );
    create index conversation_messages_thread_idx on conversation_messages (conversation_id, id);

    -- blocker no longer accepts messages from blocked (in any thread)
    create table conversation_blocks (
      blocker_id bigint not null references users(id) on delete cascade,
      blocked_id bigint not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (blocker_id, blocked_id),
      check (blocker_id <> blocked_id)
    );

    create table conversation_reports (
      id bigserial primary key,
      conversation_id bigint not null references conversations(id),
      reporter_id bigint not null references users(id),
      reason text not null default '' check (char_length(reason) <= 500),
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by bigint references users(id),
      resolution_note text
    );
    -- one open report per person and thread
    create unique index conversation_reports_open on conversation_reports (conversation_id, reporter_id) where resolved_at is null;
    create index conversation_reports_open_idx on conversation_reports (created_at) where resolved_at is null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists conversation_reports;
    drop table if exists conversation_blocks;
    drop table if exists conversation_messages;
    drop table if exists conversations;
  `);
}
