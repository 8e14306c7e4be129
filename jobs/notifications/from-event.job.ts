import type { Job } from 'bullmq';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db.js';
import { mailLinkBase } from '../../src/mail/notify.js';
import { notifyFromEvent } from '../../src/notifications/notifications.js';
import type { OutboxEvent } from '../../src/outbox/outbox.js';

/** Creates the in-app notifications (and the emails asked for) for one domain event (idempotent). */
export async function fromEventJob(db: Db, job: Job<OutboxEvent>, config?: Pick<Config, 'PUBLIC_URL' | 'PORT'>): Promise<{ created: number }> {
  const created = await notifyFromEvent(db, job.data, config ? { mailLinkBase: mailLinkBase(config) } : {});
  return { created: created.length };
}
