import type { Job } from 'bullmq';
import type { QueueName, Queues } from '../src/queue.js';
import type { Runtime } from '../src/runtime.js';

export type Processor = (rt: Runtime, job: Job) => Promise<unknown>;

/** One domain's jobs by queue and name, and the repeating schedules it registers at worker start (its manifest lists it). */
export interface JobSet {
  processors: Partial<Record<QueueName, Record<string, Processor>>>;
  /** upsertJobScheduler calls; must be idempotent (run at every worker start) */
  schedules?: (queues: Queues) => Promise<void>;
}
