import type { Knex } from 'knex';

/**
 * Auctions: one row per auction listing holding the bidding state (the row every
 * bid locks), the bids placed on it, and the increment table per currency.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- how much the next bid must add, by price band; a band runs up to the next one's from_amount
    create table auction_increments (
      id bigserial primary key,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      from_amount bigint not null check (from_amount >= 0),
      step bigint not null check (step > 0),
      constraint auction_increments_band unique (currency, from_amount)
    );
    insert into auction_increments (currency, from_amount, step) values
      ('EUR', 0, 5), ('EUR', 100, 25), ('EUR', 500, 50), ('EUR', 2500, 100), ('EUR', 10000, 250),
      ('EUR', 25000, 500), ('EUR', 50000, 1000), ('EUR', 100000, 2500), ('EUR', 250000, 5000), ('EUR', 500000, 10000);

    create table auctions (
      id bigserial primary key,
      listing_id bigint not null unique references listings(id),
      seller_id bigint not null references users(id),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      start_price bigint not null check (start_price >= 0),
      -- hidden from buyers: only "reserve met / not met" is shown
      reserve_price bigint check (reserve_price is null or reserve_price >= 0),
      buy_now_price bigint check (buy_now_price is null or buy_now_price > 0),
      -- buy it now is offered until the first bid, or until bids meet the reserve
      buy_now_until text not null default 'first_bid' check (buy_now_until in ('first_bid', 'reserve_met')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      soft_close_seconds integer not null default 120 check (soft_close_seconds between 0 and 3600),
      -- the bidding state: the price shown (null before the first bid), the leader's maximum and the runner-up's (hidden)
      price bigint check (price is null or price >= 0),
      leader_id bigint references users(id),
      leader_max bigint,
      leader_at timestamptz,
      leader_seq integer,
      runner_up_id bigint references users(id),
      runner_up_max bigint,
      runner_up_at timestamptz,
      runner_up_seq integer,
      bid_count integer not null default 0 check (bid_count >= 0),
      -- the last sequence number given to a bid on this auction
      last_seq integer not null default 0 check (last_seq >= 0),
      status text not null default 'open' check (status in ('open', 'ended', 'cancelled', 'suspended')),
      closed_at timestamptz,
      outcome text check (outcome in ('sold', 'reserve_not_met', 'no_bids', 'bought_now')),
      winner_id bigint references users(id),
      order_id bigint references orders(id),
      payment_due_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint auctions_window check (ends_at > starts_at),
      constraint auctions_leader check ((leader_id is null) = (leader_max is null) and (leader_id is null) = (leader_seq is null)),
      constraint auctions_runner_up check ((runner_up_id is null) = (runner_up_max is null) and (runner_up_id is null) = (runner_up_seq is null)),
      -- closing ends the row first (the conditional UPDATE that makes it happen once), then records how
      constraint auctions_closed check ((outcome is null or status = 'ended') and (status <> 'ended' or closed_at is not null))
    );
    create index auctions_due_idx on auctions (ends_at) where status = 'open';
    create index auctions_seller_idx on auctions (seller_id, id desc);

    create table bids (
      id bigserial primary key,
      auction_id bigint not null references auctions(id),
      bidder_id bigint not null references users(id),
      kind text not null default 'max' check (kind in ('max', 'buy_now')),
      -- the bidder's maximum (a buy-it-now: its price)
      max_amount bigint not null check (max_amount >= 0),
      -- the price shown once this bid was taken into account (refused: the asking price then)
      amount bigint not null check (amount >= 0),
      status text not null check (status in ('accepted', 'refused', 'voided')),
      reason text,
      -- the order bids were taken in on this auction; refused bids have none
      seq integer,
      created_at timestamptz not null default now(),
      constraint bids_seq check ((status = 'refused') = (seq is null))
    );
    create unique index bids_auction_seq on bids (auction_id, seq) where seq is not null;
    create index bids_bidder_idx on bids (bidder_id, id desc);
    create index bids_auction_max_idx on bids (auction_id, max_amount desc, seq) where status = 'accepted';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists bids;
    drop table if exists auctions;
    drop table if exists auction_increments;
  `);
}
