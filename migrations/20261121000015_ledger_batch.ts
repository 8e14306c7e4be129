import type { Knex } from 'knex';
import { LEDGER_POST_0010 } from './20261121000010_ledger.js';

/** ledger_post_batch as this migration created it (migration 0019 drops it and restores it on the way down). */
export const LEDGER_POST_BATCH_0015 = `
    -- Many standalone transfers in one statement, so in one transaction: every account
    -- of the batch is locked first, in id order, then each transfer is applied in turn
    -- (one short of money is refused alone; the others go on). p_batch is a JSON array of
    -- {k, kind, rt, ri, c, h, m, at, o: [owner...], t: [type...], a: [amount...]}.
    -- Answers one row per transfer, idx counting from 0. One wallet.changed per user.
    create function ledger_post_batch(p_batch jsonb)
    returns table (idx int, status text, transfer_id bigint, created_at timestamptz, params_hash text, user_id bigint, account_type text, balance bigint)
    language plpgsql as $$
    declare
      x jsonb;
      i int := 0;
      r record;
      v_owners bigint[];
      touched bigint[] := '{}';
    begin
      perform ledger_lock_accounts(array_agg(l.o), array_agg(l.t), array_agg(l.c))
         from (select (o.v)::bigint as o, t.v as t, b.x ->> 'c' as c
                 from jsonb_array_elements(p_batch) as b(x)
                 cross join lateral jsonb_array_elements_text(b.x -> 'o') with ordinality as o(v, n)
                 join lateral jsonb_array_elements_text(b.x -> 't') with ordinality as t(v, n) on t.n = o.n) l;
      for x in select e.value from jsonb_array_elements(p_batch) as e loop
        v_owners := array(select (jsonb_array_elements_text(x -> 'o'))::bigint);
        r := ledger_apply(x ->> 'k', x ->> 'kind', x ->> 'rt', x ->> 'ri', x ->> 'c', x ->> 'h', x ->> 'm', (x ->> 'at')::timestamptz,
                          v_owners, array(select jsonb_array_elements_text(x -> 't')), array(select (jsonb_array_elements_text(x -> 'a'))::bigint));
        if r.status = 'ok' then touched := touched || v_owners; end if;
        return query select i, r.status, r.transfer_id, r.created_at, r.params_hash, r.user_id, r.account_type, r.balance;
        i := i + 1;
      end loop;
      insert into outbox (topic, payload)
      select 'wallet.changed', jsonb_build_object('userId', u) from (select distinct o as u from unnest(touched) o where o <> 0 order by 1) us;
    end $$;
`;

/**
 * Group commit for the ledger (docs/decisions/015-ledger-batches.md): many
 * standalone transfers posted in one statement, so one round trip and one
 * commit serve them all. A transfer's own rules do not change: it is applied by
 * ledger_apply, which ledger_post (one transfer inside the caller's
 * transaction) now shares.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Locks every (owner, type, currency) account named, in id order, opening the
    -- missing ones first (every account type of each owner, in one fixed order).
    create function ledger_lock_accounts(p_owners bigint[], p_types text[], p_currencies text[]) returns void
    language plpgsql as $$
    declare
      wanted int;
      locked int;
    begin
      select count(*) into wanted from (select distinct o, t, c from unnest(p_owners, p_types, p_currencies) as l(o, t, c)) k;
      perform 1 from ledger_accounts a
        join (select distinct o, t, c from unnest(p_owners, p_types, p_currencies) as l(o, t, c)) k
          on coalesce(a.user_id, 0) = k.o and a.type = k.t and a.currency = k.c
       order by a.id for update of a;
      get diagnostics locked = row_count;
      if locked < wanted then
        insert into ledger_accounts (user_id, type, currency)
        select nullif(o.o, 0), t.t, o.c
          from (select distinct o, c from unnest(p_owners, p_currencies) as x(o, c)) o
          cross join lateral unnest(case when o.o = 0 then array['gateway_clearing', 'promotions', 'revenue']
                                         else array['available', 'held', 'payout_pending'] end) as t(t)
         order by o.o, o.c, t.t
        on conflict do nothing;
        perform 1 from ledger_accounts a
          join (select distinct o, t, c from unnest(p_owners, p_types, p_currencies) as l(o, t, c)) k
            on coalesce(a.user_id, 0) = k.o and a.type = k.t and a.currency = k.c
         order by a.id for update of a;
      end if;
    end $$;

    -- One transfer on accounts the caller has locked: refuses a negative user balance
    -- before writing anything, claims the idempotency key, writes the entries and moves
    -- the cached balances. Answers status 'ok' | 'existing' (the key is taken: compare
    -- params_hash) | 'insufficient' (user_id, account_type, balance say which is short).
    create function ledger_apply(
      p_key text, p_kind text, p_ref_type text, p_ref_id text, p_currency text, p_hash text, p_memo text, p_at timestamptz,
      p_owners bigint[], p_types text[], p_amounts bigint[],
      out status text, out transfer_id bigint, out created_at timestamptz, out params_hash text,
      out user_id bigint, out account_type text, out balance bigint
    ) language plpgsql as $$
    declare
      short record;
      v_ids bigint[];
      v_short bigint;
    begin
      -- the accounts of the legs, in leg order, with the balance each would end at
      select array_agg(a.id order by l.i), min(case when a.user_id is not null and a.balance + d.delta < 0 then a.id end)
        into v_ids, v_short
        from unnest(p_owners, p_types, p_amounts) with ordinality as l(o, t, m, i)
        join ledger_accounts a on coalesce(a.user_id, 0) = l.o and a.type = l.t and a.currency = p_currency
        join (select o, t, sum(m) as delta from unnest(p_owners, p_types, p_amounts) as x(o, t, m) group by o, t) d
          on d.o = l.o and d.t = l.t;
      if v_short is not null then
        select a.user_id, a.type, a.balance into short from ledger_accounts a where a.id = v_short;
        -- a twin of this operation may have committed while we waited for the locks
        select 'existing', x.id, x.created_at, x.params_hash into status, transfer_id, created_at, params_hash
          from ledger_transfers x where x.idempotency_key = p_key;
        if not found then
          status := 'insufficient';
          user_id := short.user_id;
          account_type := short.type;
          balance := short.balance;
        end if;
        return;
      end if;

      insert into ledger_transfers as x (idempotency_key, kind, reference_type, reference_id, currency, params_hash, memo, created_at)
      values (p_key, p_kind, p_ref_type, p_ref_id, p_currency, p_hash, p_memo, p_at)
      on conflict (idempotency_key) do nothing
      returning x.id, x.created_at into transfer_id, created_at;
      if transfer_id is null then
        select 'existing', x.id, x.created_at, x.params_hash into status, transfer_id, created_at, params_hash
          from ledger_transfers x where x.idempotency_key = p_key;
        return;
      end if;

      insert into ledger_entries (transfer_id, account_id, amount, created_at)
      select transfer_id, e.a, e.m, p_at from unnest(v_ids, p_amounts) as e(a, m);
      update ledger_accounts a set balance = a.balance + d.delta
        from (select x.a, sum(x.m) as delta from unnest(v_ids, p_amounts) as x(a, m) group by x.a having sum(x.m) <> 0) d
       where a.id = d.a;
      status := 'ok';
      params_hash := p_hash;
    end $$;

    create or replace function ledger_post(
      p_key text, p_kind text, p_ref_type text, p_ref_id text, p_currency text, p_hash text, p_memo text, p_at timestamptz,
      p_owners bigint[], p_types text[], p_amounts bigint[]
    ) returns table (status text, transfer_id bigint, created_at timestamptz, params_hash text, user_id bigint, account_type text, balance bigint)
    language plpgsql as $$
    declare
      r record;
    begin
      perform ledger_lock_accounts(p_owners, p_types, array_fill(p_currency, array[cardinality(p_owners)]));
      r := ledger_apply(p_key, p_kind, p_ref_type, p_ref_id, p_currency, p_hash, p_memo, p_at, p_owners, p_types, p_amounts);
      if r.status = 'ok' then
        -- the same rows emit() in src/outbox/outbox.ts writes
        insert into outbox (topic, payload)
        select 'wallet.changed', jsonb_build_object('userId', u) from (select distinct o as u from unnest(p_owners) o where o <> 0 order by 1) us;
      end if;
      return query select r.status, r.transfer_id, r.created_at, r.params_hash, r.user_id, r.account_type, r.balance;
    end $$;

    ${LEDGER_POST_BATCH_0015}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop function if exists ledger_post_batch(jsonb);
    ${LEDGER_POST_0010.replace('create function ledger_post(', 'create or replace function ledger_post(')}
    drop function if exists ledger_apply(text, text, text, text, text, text, text, timestamptz, bigint[], text[], bigint[]);
    drop function if exists ledger_lock_accounts(bigint[], text[], text[]);
  `);
}
