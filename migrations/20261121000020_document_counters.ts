import type { Knex } from 'knex';

/**
 * Credit note numbers run per seller without gaps (CN-<seller>-000001, 000002 …).
 * The counter row is locked and moved in the same transaction that stores the
 * credit note, so a failed or rolled-back run never burns a number.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table document_counters (
      seller_id bigint not null references users(id),
      kind text not null check (kind in ('credit_note')),
      last_number integer not null default 0 check (last_number >= 0),
      primary key (seller_id, kind)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists document_counters;`);
}
