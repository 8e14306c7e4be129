import type { Knex } from 'knex';

/**
 * The double-entry ledger (docs/decisions/010-ledger.md). The database itself
 * refuses what would corrupt money: unbalanced transfers, edits or deletions of
 * history, negative user balances, a hold resolved twice.
 */
/**
 * ledger_post as this migration creates it (migration 0015 replaces its body and
 * puts this one back when it is rolled back).
 */
export const LEDGER_POST_0010 = `
    -- One transfer in one round trip (called by transfer() in src/ledger/ledger.ts, which
    -- validates the legs and computes the hash). Locks the accounts in id order, refuses
    -- a negative user balance before writing anything, claims the idempotency key, writes
    -- the entries, moves the cached balances and records wallet.changed per user.
    -- Answers one row: status 'ok' | 'existing' (the key is taken: compare params_hash)
    -- | 'insufficient' (user_id, account_type, balance say which balance is short).
    create function ledger_post(
      p_key text, p_kind text, p_ref_type text, p_ref_id text, p_currency text, p_hash text, p_memo text, p_at timestamptz,
      p_owners bigint[], p_types text[], p_amounts bigint[]
    ) returns table (status text, transfer_id bigint, created_at timestamptz, params_hash text, user_id bigint, account_type text, balance bigint)
    language plpgsql as $$
    declare
      wanted int;
      locked int;
      short record;
      v_id bigint;
      v_at timestamptz;
    begin
      select count(*) into wanted from (select distinct o, t from unnest(p_owners, p_types) as l(o, t)) k;
      perform 1 from ledger_accounts a
        join (select distinct o, t from unnest(p_owners, p_types) as l(o, t)) k on coalesce(a.user_id, 0) = k.o and a.type = k.t
       where a.currency = p_currency
       order by a.id for update of a;
      get diagnostics locked = row_count;
      if locked < wanted then
        -- first use: open every account type of each owner, in one fixed order
        insert into ledger_accounts (user_id, type, currency)
        select nullif(o.o, 0), t.t, p_currency
          from (select distinct x as o from unnest(p_owners) x) o
          cross join lateral unnest(case when o.o = 0 then array['gateway_clearing', 'promotions', 'revenue']
                                         else array['available', 'held', 'payout_pending'] end) as t(t)
         order by o.o, t.t
        on conflict do nothing;
        perform 1 from ledger_accounts a
          join (select distinct o, t from unnest(p_owners, p_types) as l(o, t)) k on coalesce(a.user_id, 0) = k.o and a.type = k.t
         where a.currency = p_currency
         order by a.id for update of a;
      end if;

      select a.user_id as owner, a.type, a.balance into short
        from ledger_accounts a
        join (select o, t, sum(m) as delta from unnest(p_owners, p_types, p_amounts) as l(o, t, m) group by o, t) d
          on coalesce(a.user_id, 0) = d.o and a.type = d.t
       where a.currency = p_currency and a.user_id is not null and a.balance + d.delta < 0
       order by a.id limit 1;
      if found then
        -- a twin of this operation may have committed while we waited for the locks
        return query select 'existing'::text, x.id, x.created_at, x.params_hash, null::bigint, null::text, null::bigint
          from ledger_transfers x where x.idempotency_key = p_key;
        if not found then
          return query select 'insufficient'::text, null::bigint, null::timestamptz, null::text, short.owner, short.type, short.balance;
        end if;
        return;
      end if;

      insert into ledger_transfers as x (idempotency_key, kind, reference_type, reference_id, currency, params_hash, memo, created_at)
      values (p_key, p_kind, p_ref_type, p_ref_id, p_currency, p_hash, p_memo, p_at)
      on conflict (idempotency_key) do nothing
      returning x.id, x.created_at into v_id, v_at;
      if v_id is null then
        return query select 'existing'::text, x.id, x.created_at, x.params_hash, null::bigint, null::text, null::bigint
          from ledger_transfers x where x.idempotency_key = p_key;
        return;
      end if;

      insert into ledger_entries (transfer_id, account_id, amount, created_at)
      select v_id, a.id, l.m, p_at
        from unnest(p_owners, p_types, p_amounts) with ordinality as l(o, t, m, i)
        join ledger_accounts a on coalesce(a.user_id, 0) = l.o and a.type = l.t and a.currency = p_currency
       order by l.i;
      update ledger_accounts a set balance = a.balance + d.delta
        from (select o, t, sum(m) as delta from unnest(p_owners, p_types, p_amounts) as l(o, t, m) group by o, t having sum(m) <> 0) d
       where coalesce(a.user_id, 0) = d.o and a.type = d.t and a.currency = p_currency;
      -- the same rows emit() in src/outbox/outbox.ts writes
      insert into outbox (topic, payload)
      select 'wallet.changed', jsonb_build_object('userId', u) from (select distinct o as u from unnest(p_owners) o where o <> 0 order by 1) us;
      return query select 'ok'::text, v_id, v_at, p_hash, null::bigint, null::text, null::bigint;
    end $$;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ledger_accounts (
      id bigserial primary key,
      user_id bigint references users(id),
      type text not null check (type in ('available', 'held', 'payout_pending', 'revenue', 'gateway_clearing', 'promotions')),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      -- cached sum of this account's entries, kept in the same transaction as the entries
      balance bigint not null default 0,
      created_at timestamptz not null default now(),
      constraint ledger_accounts_owner check ((user_id is null) = (type in ('revenue', 'gateway_clearing', 'promotions'))),
      -- the last line behind the locked check in src/ledger/ledger.ts
      constraint ledger_accounts_user_not_negative check (user_id is null or balance >= 0)
    );
    -- one account per (owner, type, currency); the platform is owner 0 (user ids start at 1)
    create unique index ledger_accounts_owner_key on ledger_accounts ((coalesce(user_id, 0)), type, currency);
    create index ledger_accounts_user on ledger_accounts (user_id) where user_id is not null;

    create table ledger_transfers (
      id bigserial primary key,
      idempotency_key text not null check (char_length(idempotency_key) between 1 and 200),
      kind text not null check (char_length(kind) between 1 and 60),
      reference_type text,
      reference_id text,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      params_hash text not null,
      memo text,
      created_at timestamptz not null
    );
    create unique index ledger_transfers_idempotency_key on ledger_transfers (idempotency_key);
    create index ledger_transfers_reference on ledger_transfers (reference_type, reference_id) where reference_type is not null;
    create index ledger_transfers_created on ledger_transfers (created_at);

    create table ledger_entries (
      id bigserial primary key,
      transfer_id bigint not null references ledger_transfers(id),
      account_id bigint not null references ledger_accounts(id),
      amount bigint not null check (amount <> 0),
      created_at timestamptz not null
    );
    create index ledger_entries_account on ledger_entries (account_id, id);
    create index ledger_entries_transfer on ledger_entries (transfer_id);

    -- checked at commit, once every leg is in: a transfer's entries sum to zero
    create function ledger_entries_balanced() returns trigger language plpgsql as $$
    declare
      total numeric;
      legs int;
    begin
      select coalesce(sum(amount), 0), count(*) into total, legs from ledger_entries where transfer_id = new.transfer_id;
      if total <> 0 or legs < 2 then
        raise exception 'ledger transfer % does not balance (sum %, % entries)', new.transfer_id, total, legs
          using errcode = '23514';
      end if;
      return null;
    end $$;
    create constraint trigger ledger_entries_balanced after insert on ledger_entries
      deferrable initially deferred for each row execute function ledger_entries_balanced();

    -- a transfer without entries would be a key that moved nothing
    create function ledger_transfers_have_entries() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from ledger_entries where transfer_id = new.id) then
        raise exception 'ledger transfer % has no entries', new.id using errcode = '23514';
      end if;
      return null;
    end $$;
    create constraint trigger ledger_transfers_have_entries after insert on ledger_transfers
      deferrable initially deferred for each row execute function ledger_transfers_have_entries();

    -- history is append-only: corrections are new reversing transfers
    create function ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
    end $$;
    create trigger ledger_entries_append_only before update or delete on ledger_entries
      for each row execute function ledger_append_only();
    create trigger ledger_entries_no_truncate before truncate on ledger_entries
      for each statement execute function ledger_append_only();
    create trigger ledger_transfers_append_only before update or delete on ledger_transfers
      for each row execute function ledger_append_only();
    create trigger ledger_transfers_no_truncate before truncate on ledger_transfers
      for each statement execute function ledger_append_only();

${LEDGER_POST_0010}

    create table holds (
      id bigserial primary key,
      user_id bigint not null references users(id),
      amount bigint not null check (amount > 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      status text not null default 'open' check (status in ('open', 'captured', 'released')),
      captured_amount bigint,
      reference_type text,
      reference_id text,
      created_transfer_id bigint not null unique references ledger_transfers(id),
      resolved_transfer_id bigint unique references ledger_transfers(id),
      created_at timestamptz not null,
      resolved_at timestamptz,
      constraint holds_resolution check (
        (status = 'open' and resolved_transfer_id is null and resolved_at is null and captured_amount is null)
        or (status = 'released' and resolved_transfer_id is not null and resolved_at is not null and captured_amount is null)
        or (status = 'captured' and resolved_transfer_id is not null and resolved_at is not null
            and captured_amount between 1 and amount)
      )
    );
    create index holds_user on holds (user_id, id desc);
    create index holds_reference on holds (reference_type, reference_id) where reference_type is not null;
    create index holds_open on holds (created_at) where status = 'open';

    -- a hold resolves exactly once, and what was held never changes
    create function holds_resolve_once() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'holds are never deleted' using errcode = '42501';
      end if;
      if old.status <> 'open' then
        raise exception 'hold % is already %', old.id, old.status using errcode = '23514';
      end if;
      if new.user_id <> old.user_id or new.amount <> old.amount or new.currency <> old.currency
         or new.created_transfer_id <> old.created_transfer_id then
        raise exception 'hold % cannot change what was held', old.id using errcode = '23514';
      end if;
      return new;
    end $$;
    create trigger holds_resolve_once before update or delete on holds
      for each row execute function holds_resolve_once();

    -- request-level idempotency for money-moving forms (src/http/idempotency.ts)
    create table idempotency_requests (
      user_id bigint not null references users(id),
      key text not null check (char_length(key) between 16 and 100),
      scope text not null,
      params_hash text not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );
    create index idempotency_requests_created on idempotency_requests (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists idempotency_requests, holds, ledger_entries, ledger_transfers, ledger_accounts cascade;
    drop function if exists ledger_post(text, text, text, text, text, text, text, timestamptz, bigint[], text[], bigint[]);
    drop function if exists holds_resolve_once(), ledger_append_only(), ledger_transfers_have_entries(), ledger_entries_balanced();
  `);
}
