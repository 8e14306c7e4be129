import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/**
 * A secret of this installation under `key`: generated (32 random bytes, hex, after
 * `prefix`) by the first process that asks, then read by every web and worker process of
 * the same database. Concurrent first calls agree: the insert does nothing on conflict and
 * the row that won is read back.
 */
export async function installationSecret(db: Db, key: string, prefix = ''): Promise<string> {
  const candidate = `${prefix}${randomBytes(32).toString('hex')}`;
  const [inserted] = await db('settings').insert({ key, value: candidate }).onConflict('key').ignore().returning('value');
  if (inserted) return inserted.value as string;
  const row = await db('settings').where({ key }).first('value');
  if (!row) throw new Error(`setting ${key} could not be created`);
  return row.value as string;
}
