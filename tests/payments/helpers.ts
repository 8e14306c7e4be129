import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { LocalGateway } from '../../src/payments/local-gateway.js';
import { closeQueues, createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import type { TestApp } from '../app.js';

/** The test app's local gateway, as the web and worker processes build it, with its own queue connections. */
export function localGateway(app: TestApp): { gateway: LocalGateway; queues: Queues; close: () => Promise<void> } {
  const config = loadConfig(app.env);
  const redis = createRedis(app.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, app.redisPrefix);
  const gateway = new LocalGateway(config, { db: app.db, queues, redis });
  return {
    gateway,
    queues,
    async close() {
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}

export const key = () => `test-${randomUUID()}`;

/** Card form values a buyer would type. */
export function card(number: string, over: Partial<Record<'expiry' | 'cvc' | 'name', string>> = {}) {
  return { number, expiry: over.expiry ?? '12 / 34', cvc: over.cvc ?? '123', name: over.name ?? 'Ada Lovelace' };
}
