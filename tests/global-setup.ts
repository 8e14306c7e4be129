import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb, migrate } from '../src/db.js';
import { ensureRedis, postgresAnswers, startEmbeddedPostgres, startLocalRedis, type Service } from '../src/infra/services.js';
import { randomToken } from '../src/lib/ids.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    redisUrl: string;
  }
}

/**
 * Finds Postgres and Redis for the run (the configured ones, the local ones, or
 * embedded/private ones when none is there) and migrates one template database
 * that every test file clones.
 */
export default async function setup(project: TestProject) {
  const owned: Service[] = [];
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl && !process.env.SOUK_TEST_EMBEDDED) {
    const local = 'postgres://postgres@127.0.0.1:5432/postgres';
    if (await postgresAnswers(local)) adminUrl = local;
  }
  if (!adminUrl) {
    const epg = await startEmbeddedPostgres({ dataDir: path.resolve('.data/test-postgres'), database: 'postgres' });
    owned.push(epg);
    adminUrl = epg.url;
  }
  const redisDir = path.resolve('.data/test-redis');
  const redis = process.env.SOUK_TEST_EMBEDDED
    ? await startLocalRedis({ dataDir: redisDir })
    : await ensureRedis({ REDIS_URL: process.env.TEST_REDIS_URL }, redisDir);
  if (redis.owned) owned.push(redis);

  const templateDb = `souk_tpl_${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);
  const url = new URL(adminUrl);
  url.pathname = `/${templateDb}`;
  const db = createDb(url.toString(), 1);
  await migrate(db);
  await db.destroy();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('redisUrl', redis.url);

  return async () => {
    await admin.query(`drop database if exists ${templateDb} with (force)`).catch(() => {});
    await admin.end();
    for (const s of owned.reverse()) await s.stop().catch(() => {});
  };
}
