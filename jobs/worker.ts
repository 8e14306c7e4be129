import { Worker } from 'bullmq';
import { loadConfig } from '../src/config.js';
import { createDispatch } from '../src/events.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import { bullPrefix, QUEUE_NAMES } from '../src/queue.js';
import { createRedis } from '../src/redis.js';
import { openRuntime } from '../src/runtime.js';
import { wiring } from '../src/domains.js';
import { isEntry, runUntilSignal } from '../src/infra/process.js';
import { checkServices } from '../src/infra/preflight.js';
import { yieldToWeb } from '../src/infra/priority.js';

/** Every job by queue and name, from the domain manifests. Jobs are thin: they call one domain function. */
export const processors = wiring().processors;

/** Starts a worker process: the outbox relay, the BullMQ workers and the schedules. */
export async function startWorker(env: NodeJS.ProcessEnv = process.env): Promise<{ stop: () => Promise<void>; relay: OutboxRelay }> {
  const config = loadConfig(env);
  await checkServices(config);
  const rt = openRuntime(config, 'worker');
  const relay = new OutboxRelay(rt.db, createDispatch(rt.bus, rt.queues, rt.db), { databaseUrl: config.DATABASE_URL, pollMs: config.OUTBOX_POLL_MS, log: rt.log });
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
  const registerSchedules = async () => {
    for (const schedule of wiring().schedules) await schedule(rt.queues);
  };
  await registerSchedules();
  // Redis may lose its data (a restart without AOF, a failover): the schedulers are re-asserted
  // (upserts are idempotent), and the sweeps they run finish every timer Postgres holds as due
  let recheck: Promise<void> | null = null;
  const recheckTimer = setInterval(() => {
    recheck ??= registerSchedules()
      .catch((err) => rt.log.warn({ err }, 'could not re-register the job schedulers'))
      .finally(() => (recheck = null));
  }, config.SCHEDULES_RECHECK_SECONDS * 1000);
  recheckTimer.unref();
  await relay.start();
  rt.log.info('worker started');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(recheckTimer);
      await recheck;
      await relay.stop();
      // close() lets active jobs finish; anything unfinished is returned to the queue as stalled
      await Promise.all(workers.map((w) => w.close()));
      await rt.close();
    })());
  return { stop, relay };
}

if (isEntry(/[\\/]jobs[\\/]worker\.(ts|js)$/)) {
  runUntilSignal('worker', async () => {
    const problem = yieldToWeb(loadConfig(process.env).WORKER_NICE);
    if (problem) console.error(`worker: ${problem}`);
    return startWorker();
  });
}
