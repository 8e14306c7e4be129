import knexFactory, { type Knex } from 'knex';
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
