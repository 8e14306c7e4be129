import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../src/db.js';
import { randomToken } from '../src/lib/ids.js';
import { createRedis } from '../src/redis.js';

export interface TestEnv {
  /** environment for startWeb/startWorker: this file's own database and Redis namespace */
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, and a Redis key prefix of its own. */
export async function createTestEnv(overrides: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('templateDb');
  const redisUrl = inject('redisUrl');
  const name = `souk_t_${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const redisPrefix = `test:${name}:`;
  const db = createDb(databaseUrl, 5);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_MS: '200',
    SSE_HEARTBEAT_SECONDS: '15',
    // uploads go to a folder of this file's own, never to the development store
    STORAGE_DIR: path.join(tmpdir(), `${name}-files`),
    ...overrides,
  };
  return {
    env,
    databaseUrl,
    redisUrl,
    redisPrefix,
    db,
    async drop() {
      await db.destroy();
      const r = createRedis(redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      r.disconnect();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      await rm(path.join(tmpdir(), `${name}-files`), { recursive: true, force: true });
    },
  };
}
