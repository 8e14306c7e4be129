import type { Knex } from 'knex';

/**
 * The terms a seller chooses for an auction listing, copied to its auction row when it
 * is published: whether buy it now stays on offer until the first bid or until bids
 * reach the reserve, and how many minutes a late bid that changes the leader moves the
 * end to (soft close). Null: the defaults (until the first bid, 2 minutes).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table listings
      add column auction_buy_now_until text check (auction_buy_now_until in ('first_bid', 'reserve_met')),
      add column auction_soft_close_minutes smallint check (auction_soft_close_minutes between 0 and 60);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table listings drop column auction_buy_now_until, drop column auction_soft_close_minutes');
}
