import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, type Db } from './db.js';
import { closeQueues, createQueues, type Queues } from './queue.js';
import { LiveBus } from './realtime/bus.js';
import { createRedis } from './redis.js';
import type { Redis } from 'ioredis';

export function createLogger(config: Config, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.password_hash'],
  });
}

/** The connections every process opens: Postgres, Redis, the live bus and the queues. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  bus: LiveBus;
  queues: Queues;
  close(): Promise<void>;
}

export function openRuntime(config: Config, name: string): Runtime {
  const log = createLogger(config, name);
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  // commands issued in the same tick (each request's rate-limit check, session reads) go out in one write
  const redis = createRedis(config.REDIS_URL, { enableAutoPipelining: true });
  const bus = new LiveBus(redis, config.REDIS_PREFIX);
  const queues = createQueues(createRedis(config.REDIS_URL, { maxRetriesPerRequest: null }), config.REDIS_PREFIX);
  return {
    config,
    log,
    db,
    redis,
    bus,
    queues,
    async close() {
      await closeQueues(queues).catch(() => {});
      await Promise.all(Object.values(queues).map((q) => q.disconnect?.().catch(() => {})));
      redis.disconnect();
      await db.destroy();
    },
  };
}
