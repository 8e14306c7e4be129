import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table payout_methods (
      id bigserial primary key,
      user_id bigint not null references users(id),
      holder_name text not null,
      -- normalized: upper case, no spaces; sent to the gateway as the destination
      account_number text not null,
      retired_at timestamptz,
      created_at timestamptz not null default now(),
      constraint payout_methods_holder_len check (char_length(holder_name) between 2 and 100),
      constraint payout_methods_account_format check (account_number ~ '^[A-Z0-9]{8,34}$')
    );
    create unique index payout_methods_once on payout_methods (user_id, account_number) where retired_at is null;
    create index payout_methods_user_idx on payout_methods (user_id, id desc) where retired_at is null;

    -- one payout request; its status is also the send job's own record
    create table payouts (
      id bigserial primary key,
      user_id bigint not null references users(id),
      method_id bigint not null references payout_methods(id),
      -- the destination as it was when requested (a method may be removed later)
      holder_name text not null,
      account_number text not null,
      amount bigint not null,
      currency text not null,
      status text not null default 'requested'
        check (status in ('requested', 'approved', 'rejected', 'sending', 'paid', 'failed', 'reversed')),
      reason text,
      failure_reason text,
      gateway_payout_id text,
      decided_by bigint references users(id),
      requested_at timestamptz not null,
      decided_at timestamptz,
      sent_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint payouts_amount check (amount > 0),
      constraint payouts_reason_len check (reason is null or char_length(reason) <= 1000)
    );
    create unique index payouts_gateway_id_key on payouts (gateway_payout_id) where gateway_payout_id is not null;
    create index payouts_user_idx on payouts (user_id, id desc);
    create index payouts_queue_idx on payouts (requested_at, id) where status = 'requested';
    create index payouts_in_flight_idx on payouts (updated_at) where status in ('approved', 'sending');

    create table refunds (
      id bigserial primary key,
      user_id bigint not null references users(id),
      admin_id bigint not null references users(id),
      destination text not null check (destination in ('wallet', 'card')),
      -- card refunds: the top-up paid back (payments.id) and the gateway's objects
      payment_id bigint,
      gateway_payment_id text,
      gateway_refund_id text,
      amount bigint not null,
      currency text not null,
      reason text not null,
      status text not null check (status in ('pending', 'succeeded', 'failed')),
      failure_reason text,
      created_at timestamptz not null,
      finished_at timestamptz,
      constraint refunds_amount check (amount > 0),
      constraint refunds_reason_len check (char_length(reason) between 3 and 1000),
      constraint refunds_card check ((destination = 'card') = (payment_id is not null and gateway_payment_id is not null))
    );
    create unique index refunds_gateway_id_key on refunds (gateway_refund_id) where gateway_refund_id is not null;
    create index refunds_user_idx on refunds (user_id, id desc);
    create index refunds_payment_idx on refunds (payment_id) where payment_id is not null;
    create index refunds_pending_idx on refunds (created_at) where status = 'pending';

    create table reconciliation_runs (
      id bigserial primary key,
      period_start timestamptz not null,
      period_end timestamptz not null,
      -- 'schedule' for the daily run, otherwise the admin who asked
      trigger text not null check (trigger in ('schedule', 'admin')),
      requested_by bigint references users(id),
      status text not null default 'queued' check (status in ('queued', 'running', 'matched', 'mismatched', 'failed')),
      ledger_count integer not null default 0,
      gateway_count integer not null default 0,
      mismatch_count integer not null default 0,
      error text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      constraint reconciliation_period check (period_end > period_start)
    );
    -- the daily schedule runs each day once, however many workers start it
    create unique index reconciliation_daily_once on reconciliation_runs (period_start, period_end) where trigger = 'schedule';
    create index reconciliation_runs_recent on reconciliation_runs (id desc);

    create table reconciliation_mismatches (
      id bigserial primary key,
      run_id bigint not null references reconciliation_runs(id) on delete cascade,
      kind text not null check (kind in ('missing_in_ledger', 'missing_at_gateway', 'amount_differs', 'status_differs')),
      object_type text not null check (object_type in ('payment', 'refund', 'payout')),
      gateway_id text not null,
      ledger_amount bigint,
      gateway_amount bigint,
      ledger_status text,
      gateway_status text,
      detail text not null default '',
      created_at timestamptz not null default now()
    );
    create index reconciliation_mismatches_run on reconciliation_mismatches (run_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists reconciliation_mismatches, reconciliation_runs, refunds, payouts, payout_methods cascade;`);
}
