import type { Knex } from 'knex';

// Search sorts by an auction's current price and by its end (soft close moves it), both read
// from the auction row, not the listing. A change of either, or of whether the auction is still
// open, moves the search generation at commit like a listing change (decision 014). Bids that
// change none of them (a leader raising their own maximum) leave cached searches alone.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create constraint trigger auctions_search_generation
      after update of price, ends_at, status
      on auctions deferrable initially deferred for each row
      when (old.price is distinct from new.price or old.ends_at is distinct from new.ends_at or old.status is distinct from new.status)
      execute function search_generation_bump();
    create constraint trigger auctions_search_generation_insert
      after insert or delete
      on auctions deferrable initially deferred for each row
      execute function search_generation_bump();
    create trigger auctions_search_generation_truncate after truncate on auctions
      for each statement execute function search_generation_bump_now();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists auctions_search_generation on auctions;
    drop trigger if exists auctions_search_generation_insert on auctions;
    drop trigger if exists auctions_search_generation_truncate on auctions;
  `);
}
