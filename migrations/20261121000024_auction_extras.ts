import type { Knex } from 'knex';

/**
 * Auctions after the bidding: a seller's cancellation and an admin's suspension
 * (with the reason), a relisting (a new round on the same row), voided bids (who voided them and why), offers to a bidder
 * (reserve not met, or a second chance after an unpaid win) that lapse at
 * `expires_at`, unpaid strikes, and the one-hour "ending soon" notice to watchers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table auctions
      add column cancelled_at timestamptz,
      add column suspended_at timestamptz,
      add column suspended_by bigint references users(id),
      add column suspend_reason text,
      -- the watchers were told the auction ends within the hour (null: not yet)
      add column watchers_notified_at timestamptz,
      -- a relisted auction starts a new round of bidding on the same row (earlier rounds' bids are voided)
      add column round integer not null default 1 check (round >= 1);
    create index auctions_watch_due_idx on auctions (ends_at) where status = 'open' and watchers_notified_at is null;

    alter table bids
      add column voided_at timestamptz,
      add column voided_by bigint references users(id),
      add column void_reason text;

    -- once per watcher per auction
    create table auction_watch_notices (
      auction_id bigint not null references auctions(id),
      user_id bigint not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (auction_id, user_id)
    );

    create table auction_offers (
      id bigserial primary key,
      auction_id bigint not null references auctions(id),
      listing_id bigint not null references listings(id),
      seller_id bigint not null references users(id),
      bidder_id bigint not null references users(id),
      -- the bidder's maximum on the auction
      amount bigint not null check (amount > 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      kind text not null check (kind in ('reserve_not_met', 'second_chance')),
      -- the auction's round of bidding the offer follows
      round integer not null default 1,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'expired')),
      expires_at timestamptz not null,
      order_id bigint references orders(id),
      responded_at timestamptz,
      created_at timestamptz not null default now(),
      constraint auction_offers_accepted check ((status = 'accepted') = (order_id is not null)),
      -- a bidder is offered an auction's item at most once per round
      constraint auction_offers_once unique (auction_id, round, bidder_id)
    );
    -- one offer at a time per auction
    create unique index auction_offers_pending on auction_offers (auction_id) where status = 'pending';
    create index auction_offers_due_idx on auction_offers (expires_at) where status = 'pending';
    create index auction_offers_bidder_idx on auction_offers (bidder_id, id desc);

    create table auction_strikes (
      id bigserial primary key,
      user_id bigint not null references users(id) on delete cascade,
      auction_id bigint not null references auctions(id),
      order_id bigint not null unique references orders(id),
      reason text not null default 'unpaid' check (reason in ('unpaid')),
      created_at timestamptz not null default now()
    );
    create index auction_strikes_user_idx on auction_strikes (user_id, id desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists auction_strikes;
    drop table if exists auction_offers;
    drop table if exists auction_watch_notices;
    alter table bids drop column if exists voided_at, drop column if exists voided_by, drop column if exists void_reason;
    drop index if exists auctions_watch_due_idx;
    alter table auctions drop column if exists cancelled_at, drop column if exists suspended_at, drop column if exists suspended_by,
      drop column if exists suspend_reason, drop column if exists watchers_notified_at, drop column if exists round;
  `);
}
