import { Worker } from 'bullmq';
import { loadConfig } from '../src/config.js';
import { createDispatch } from '../src/events.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import { bullPrefix, QUEUE_NAMES, type QueueName } from '../src/queue.js';
import { createRedis } from '../src/redis.js';
import { openRuntime } from '../src/runtime.js';
import { liftExpiredBlocksJob } from './accounts/lift-expired-blocks.job.js';
import { fromEventJob } from './notifications/from-event.job.js';
import { pruneOutboxJob } from './outbox/prune.job.js';
import { registerSchedules } from './schedules.js';
import type { JobSet, Processor } from './registry.js';
import { listingsJobs } from './listings/index.js';
import { mediaJobs } from './media/index.js';
import { moderationJobs } from './moderation/index.js';
import { searchJobs } from './search/index.js';
import { walletsJobs } from './wallets/index.js';
import { paymentsJobs } from './payments/index.js';
import { payoutsJobs } from './payouts/index.js';
import { refundsJobs } from './refunds/index.js';
import { financeJobs } from './finance/index.js';
import { boostsJobs } from './boosts/index.js';
import { cartsJobs } from './carts/index.js';
import { documentsJobs } from './documents/index.js';
import { ordersJobs } from './orders/index.js';
import { disputesJobs } from './disputes/index.js';

import { isEntry, runUntilSignal } from '../src/infra/process.js';


const coreJobs: JobSet = {
  processors: {
    notifications: {
      'from-event': (rt, job) => fromEventJob(rt.db, job),
    },
    maintenance: {
      'lift-expired-blocks': (rt) => liftExpiredBlocksJob(rt.db),
      'prune-outbox': (rt) => pruneOutboxJob(rt.db),
    },
  },
  schedules: registerSchedules,
};

/** Every domain's jobs and schedules. */
export const jobSets: JobSet[] = [coreJobs, listingsJobs, mediaJobs, moderationJobs, searchJobs, walletsJobs, paymentsJobs, payoutsJobs, refundsJobs, financeJobs, boostsJobs, cartsJobs, documentsJobs, ordersJobs, disputesJobs];

/** Every job by queue and name. Jobs are thin: they call one domain function. */
export const processors = Object.fromEntries(
  QUEUE_NAMES.map((q) => [q, Object.assign({}, ...jobSets.map((s) => s.processors[q] ?? {})) as Record<string, Processor>]),
) as Record<QueueName, Record<string, Processor>>;

/** Starts a worker process: the outbox relay, the BullMQ workers and the schedules. */
export async function startWorker(env: NodeJS.ProcessEnv = process.env): Promise<{ stop: () => Promise<void>; relay: OutboxRelay }> {
  const config = loadConfig(env);
  const rt = openRuntime(config, 'worker');
  const relay = new OutboxRelay(rt.db, createDispatch(rt.bus, rt.queues), { databaseUrl: config.DATABASE_URL, pollMs: config.OUTBOX_POLL_MS, log: rt.log });
  const workers = QUEUE_NAMES.map(
    (name) =>
      new Worker(
        name,
        async (job) => {
          const run = processors[name][job.name];
          if (!run) throw new Error(`no processor for ${name}/${job.name}`);
          return run(rt, job);
        },
        { connection: createRedis(config.REDIS_URL, { maxRetriesPerRequest: null }), prefix: bullPrefix(config.REDIS_PREFIX), concurrency: 4 },
      ),
  );
  for (const w of workers) w.on('failed', (job, err) => rt.log.warn({ queue: w.name, job: job?.id, err }, 'job failed'));
  for (const set of jobSets) await set.schedules?.(rt.queues);
  await relay.start();
  rt.log.info('worker started');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await relay.stop();
      // close() lets active jobs finish; anything unfinished is returned to the queue as stalled
      await Promise.all(workers.map((w) => w.close()));
      await rt.close();
    })());
  return { stop, relay };
}

if (isEntry(/[\\/]jobs[\\/]worker\.(ts|js)$/)) runUntilSignal('worker', () => startWorker());
