import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { insertEmail, type EmailRow } from './queries.js';

/** An email as a caller writes it: both bodies, in the reader's words. */
export interface OutgoingEmail {
  to: string;
  userId?: number | null;
  /** what it is about, e.g. `account.password_reset` or a notification kind; shown in the delivery log */
  kind: string;
  subject: string;
  text: string;
  html: string;
  /** the in-app notification it tells about: at most one email per notification */
  notificationId?: number | null;
}

/** The outbox topic whose reaction delivers a queued email. */
export const EMAIL_QUEUED = 'email.queued';

/**
 * Records an email in the delivery log inside the caller's transaction and has
 * a job send it once that transaction commits (nothing is sent if it rolls
 * back). Delivery is retried with backoff; the row shows queued, sending,
 * sent or failed, the attempts, the last error and the Message-ID.
 * Returns the row, or null when the notification it tells about already has one.
 */
export async function queueEmail(db: Knex | Knex.Transaction, message: OutgoingEmail): Promise<EmailRow | null> {
  const to = message.to.trim();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(to)) throw new Error(`queueEmail: not an email address: ${JSON.stringify(message.to)}`);
  const row = await insertEmail(db, {
    to_address: to,
    user_id: message.userId ?? null,
    kind: message.kind,
    // a header may not hold a line break
    subject: message.subject.replace(/[\r\n]+/g, ' ').trim(),
    text_body: message.text,
    html_body: message.html,
    notification_id: message.notificationId ?? null,
  });
  if (row) await emit(db, EMAIL_QUEUED, { emailId: row.id });
  return row;
}
