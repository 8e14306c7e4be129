import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DEMO_USERS, refreshDemo, seedDemo } from '../seeds/demo.js';
import { createDb, migrate } from './db.js';
import { ensureRedis, startEmbeddedPostgres, type Service } from './infra/services.js';
import { ensureMailServer } from './infra/mailcatcher.js';
import { checkServices, ServiceUnreachable } from './infra/preflight.js';
import { waitForHttp } from './infra/ready.js';
import { runInOwnProcessGroup } from './infra/supervise.js';
import { randomToken } from './lib/ids.js';

// `npm start`: everything a newcomer needs on one machine, with no configuration.
await runInOwnProcessGroup(() => void shutdown(0));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, '.data');
mkdirSync(dataDir, { recursive: true });

function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir, 'session-secret');
  if (!existsSync(file)) writeFileSync(file, randomToken(32), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const services: Service[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function shutdown(code: number, quiet = false): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  if (!quiet) console.log('\nStopping Souk…');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  for (const s of services.reverse()) await s.stop().catch((err) => console.error(err));
  if (!quiet) console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log('Starting embedded Postgres (data in .data/postgres)…');
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), database: 'souk', port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) });
    services.push(pg);
    databaseUrl = pg.url;
  }
  const redis = await ensureRedis(process.env, path.join(dataDir, 'redis'));
  if (redis.owned) {
    console.log('Started a local redis-server (data in .data/redis).');
    services.push(redis);
  }
  // no SMTP_URL: a local catcher keeps every email, readable in its web inbox
  const mail = await ensureMailServer(process.env, path.join(dataDir, 'mail'));
  if (mail.owned) services.push(mail);

  await checkServices({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url });

  const db = createDb(databaseUrl, 2);
  await migrate(db);
  const seeded = await seedDemo(db);
  // a demo someone changed (its category or bidders gone) starts all the same, without new auctions
  const refreshed = seeded ? 0 : await refreshDemo(db).catch((err: unknown) => (console.warn(`Demo auctions were not refreshed: ${err instanceof Error ? err.message : err}`), 0));
  await db.destroy();

  const port = process.env.PORT ?? '3000';
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    SMTP_URL: mail.url,
    ...(mail.inboxUrl ? { MAIL_INBOX_URL: mail.inboxUrl } : {}),
    SESSION_SECRET: sessionSecret(),
    PORT: port,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const run = (entry: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], { env, stdio: 'inherit' });
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`${entry} exited with code ${code}`);
        void shutdown(code ?? 1);
      }
    });
    children.push(child);
  };
  run('src/main.ts');
  run('jobs/worker.ts');
  // "running" only once a browser would get a page; a web process that exits first has already said why
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 120_000, gaveUp: () => stopping || children[0].exitCode !== null });

  console.log(`
Souk is running at http://localhost:${port}
${seeded ? 'Demo data loaded. ' : ''}${refreshed ? `${refreshed} demo auctions end in the next minutes. ` : ''}Demo sign-ins (password: ${DEMO_PASSWORD}):
  buyer   ${DEMO_USERS.buyer}
  seller  ${DEMO_USERS.seller}
  admin   ${DEMO_USERS.admin}
${mail.inboxUrl ? `Emails Souk sends (nothing leaves this machine): ${mail.inboxUrl}\n` : ''}Press Ctrl-C to stop.`);
} catch (err) {
  if (!stopping) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1, err instanceof ServiceUnreachable);
  }
}
