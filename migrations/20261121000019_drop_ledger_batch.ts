import type { Knex } from 'knex';
import { LEDGER_POST_BATCH_0015 } from './20261121000015_ledger_batch.js';

/**
 * No flow posts standalone transfers: every money move commits with the rows of
 * its business operation through ledger_post, inside the caller's transaction.
 * The batch entry point is dropped (docs/decisions/015-ledger-batches.md);
 * ledger_lock_accounts and ledger_apply stay, ledger_post is built on them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists ledger_post_batch(jsonb)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(LEDGER_POST_BATCH_0015);
}
