import type { Job } from 'bullmq';
import type { Db } from '../../src/db.js';
import { notifyFromEvent } from '../../src/notifications/notifications.js';
import type { OutboxEvent } from '../../src/outbox/outbox.js';

/** Creates the in-app notifications for one domain event (idempotent). */
export async function fromEventJob(db: Db, job: Job<OutboxEvent>): Promise<{ created: number }> {
  const created = await notifyFromEvent(db, job.data);
  return { created: created.length };
}
