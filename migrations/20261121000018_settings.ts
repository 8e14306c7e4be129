import type { Knex } from 'knex';

// Values one installation keeps for all of its processes (web and worker alike), such as a
// secret generated on first use: the first process to need it inserts it, every other one
// reads the same row.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table settings (
      key text primary key,
      value text not null,
      created_at timestamptz not null default now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table if exists settings;`);
}
