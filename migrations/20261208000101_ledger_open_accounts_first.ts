import type { Knex } from 'knex';

/**
 * ledger_lock_accounts opens an owner's missing accounts before it locks any
 * account. It used to lock the accounts that existed first and then open the
 * missing ones; opening waits for another transaction that is opening the same
 * accounts, and that one may be waiting for an account this one had locked (a
 * seller's first two sales paid out at once, say): a deadlock, and a transfer
 * refused. Now a transfer waits for such a transaction while it holds no account
 * of its own, and the one it waits for goes on.
 */
const NAMED = `(select distinct o, t, c from unnest(p_owners, p_types, p_currencies) as l(o, t, c)) k`;
const MATCH = `coalesce(a.user_id, 0) = k.o and a.type = k.t and a.currency = k.c`;
const OPEN = `insert into ledger_accounts (user_id, type, currency)
        select nullif(o.o, 0), t.t, o.c
          from (select distinct o, c from unnest(p_owners, p_currencies) as x(o, c)) o
          cross join lateral unnest(case when o.o = 0 then array['gateway_clearing', 'promotions', 'revenue']
                                         else array['available', 'held', 'payout_pending'] end) as t(t)
         order by o.o, o.c, t.t
        on conflict do nothing;`;
const LOCK = `perform 1 from ledger_accounts a join ${NAMED} on ${MATCH} order by a.id for update of a;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Opens the missing (owner, type, currency) accounts named (every account type of
    -- each owner, in one fixed order), then locks every account named, in id order.
    create or replace function ledger_lock_accounts(p_owners bigint[], p_types text[], p_currencies text[]) returns void
    language plpgsql as $$
    begin
      if exists (select 1 from ${NAMED} where not exists (select 1 from ledger_accounts a where ${MATCH})) then
        ${OPEN}
      end if;
      ${LOCK}
    end $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function ledger_lock_accounts(p_owners bigint[], p_types text[], p_currencies text[]) returns void
    language plpgsql as $$
    declare
      wanted int;
      locked int;
    begin
      select count(*) into wanted from ${NAMED};
      ${LOCK}
      get diagnostics locked = row_count;
      if locked < wanted then
        ${OPEN}
        ${LOCK}
      end if;
    end $$;
  `);
}
