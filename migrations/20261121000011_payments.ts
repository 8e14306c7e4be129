import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Souk's side: every verified gateway event once, and the user's top-ups
    create table webhook_events (
      id text primary key,
      type text not null,
      received_at timestamptz not null default now(),
      processed_at timestamptz
    );

    create table topups (
      id bigserial primary key,
      user_id bigint not null references users(id),
      -- derived from the form's idempotency key: the same submission always names the same top-up
      reference text not null unique,
      amount bigint not null check (amount > 0),
      currency text not null,
      gateway text not null check (gateway in ('local', 'stripe')),
      payment_id text unique,
      status text not null default 'pending' check (status in ('pending', 'failed', 'succeeded')),
      failure_code text,
      failure_message text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      succeeded_at timestamptz,
      failed_at timestamptz
    );
    create index topups_user_idx on topups (user_id, id desc);

    -- The local test gateway's own books (what Stripe would hold on its side)
    create table gateway_payments (
      id text primary key,
      idempotency_key text not null unique,
      amount bigint not null check (amount > 0),
      currency text not null,
      status text not null default 'requires_payment_method'
        check (status in ('requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled')),
      charge_id text unique,
      amount_refunded bigint not null default 0,
      last_error_code text,
      last_error_decline_code text,
      last_error_message text,
      card_last4 text,
      metadata jsonb not null default '{}'::jsonb,
      description text,
      return_url text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint gateway_payments_refund_le check (amount_refunded between 0 and amount)
    );

    create table gateway_refunds (
      id text primary key,
      idempotency_key text not null unique,
      payment_id text not null references gateway_payments(id),
      amount bigint not null check (amount > 0),
      currency text not null,
      status text not null check (status in ('pending', 'succeeded', 'failed', 'canceled')),
      metadata jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    );
    create index gateway_refunds_payment_idx on gateway_refunds (payment_id);

    create table gateway_payouts (
      id text primary key,
      idempotency_key text not null unique,
      amount bigint not null check (amount > 0),
      currency text not null,
      destination text not null,
      status text not null default 'pending' check (status in ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
      failure_code text,
      failure_message text,
      metadata jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table gateway_event_log (
      id text primary key,
      type text not null,
      object_id text not null,
      -- the exact bytes sent, so every delivery of one event carries the same body
      body text not null,
      -- where it was last sent (resolved at delivery: PUBLIC_URL or the web process's address)
      endpoint text,
      attempts integer not null default 0,
      last_status integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index gateway_event_log_object_idx on gateway_event_log (object_id);
    create index gateway_event_log_pending_idx on gateway_event_log (created_at) where delivered_at is null;

    -- Stripe Connect: a payout lives on the seller's connected account; remember which one
    create table stripe_payout_accounts (
      payout_id text primary key,
      account text not null,
      transfer_id text not null,
      created_at timestamptz not null default now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists stripe_payout_accounts, gateway_event_log, gateway_payouts, gateway_refunds, gateway_payments, topups, webhook_events cascade;`);
}
