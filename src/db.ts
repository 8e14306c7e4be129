import knexFactory, { type Knex } from 'knex';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

// bigint (int8) columns come back as strings by default; ids and money fit in JS numbers
// up to 2^53, so parse them as numbers here once.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Knex;

/** Creates the knex pool for one process. */
export function createDb(url: string, poolMax = 10): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'souk' },
    pool: { min: 0, max: poolMax },
  });
}

interface PooledClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<void>;
}

const statementNames = new Map<string, string>();

/**
 * The name a fixed statement is prepared under on each connection: Postgres
 * parses and plans it once per connection instead of on every run. Named after
 * the text, so two statements never share a name.
 */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `fixed_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`));
  return name;
}

/**
 * Rows of one fixed statement (hand SQL with `$1…` placeholders), run on a
 * pooled connection as it is: for the few reads every signed-in page makes (the
 * current user, the header counts), which need no query built per request.
 * Inside a transaction it runs on the transaction's connection.
 */
export async function fixedRows<T>(db: Knex | Knex.Transaction, sql: string, values: unknown[]): Promise<T[]> {
  const client = db.client as PooledClient;
  const name = statementName(sql);
  const connection = await client.acquireConnection();
  try {
    return (await connection.query({ name, text: sql, values })).rows as T[];
  } finally {
    void client.releaseConnection(connection);
  }
}

const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Migration names are stored without their extension so the same database can be
 * migrated by the TypeScript sources (development) and the compiled build (production).
 */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(migrationsDir)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
  },
  getMigrationName(file) {
    return file.replace(/\.(ts|js)$/, '');
  },
  async getMigration(file) {
    return import(pathToFileURL(path.join(migrationsDir, file)).href);
  },
};

/** Applies every pending migration. */
export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
