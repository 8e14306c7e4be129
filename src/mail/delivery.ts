import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { lazy } from '../lib/lazy.js';

const loadNodemailer = lazy(async () => (await import('nodemailer')).default);
import type { Config } from '../config.js';
import type { Queues } from '../queue.js';
import { claimForSending, dueEmails, markAttemptFailed, markSent, type EmailRow } from './queries.js';

/** What sends one message: SMTP in the product, anything in a unit test. */
export interface Mailer {
  send(m: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<{ response: string }>;
}

/** Sends through the SMTP server at `url` (one connection per message: mail is not a hot path). */
export function smtpMailer(url: string): Mailer {
  return {
    async send(m) {
      const transport = (await loadNodemailer()).createTransport(url);
      try {
        const info = await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
        return { response: String(info.response ?? '') };
      } finally {
        transport.close();
      }
    },
  };
}

/** The job name that delivers one email (queue `notifications`). */
export const DELIVER_EMAIL_JOB = 'deliver-email';

/** Thrown after a temporary failure was recorded, so the job is retried with backoff. */
export class TemporaryMailError extends Error {
  override name = 'TemporaryMailError';
}

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

/** Seconds until the sweep tries again after `attempts` failed attempts: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A server's answer in the 5xx range refuses the message for good (unknown mailbox, rejected content); anything else may pass later. */
export function isPermanent(err: unknown): boolean {
  const code = Number((err as { responseCode?: unknown }).responseCode);
  return code >= 500 && code < 600;
}

function domainOf(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m ? m[1] : 'souk.localhost';
}

/**
 * One attempt at sending one logged email. Sent at most once per row in the
 * ordinary course: the row is claimed (queued → sending) before the SMTP
 * conversation and marked sent right after it, so a retried or duplicated job
 * finds it taken and does nothing. The one gap is a crash between the server's
 * "250 accepted" and our update: the row stays "sending", and after
 * MAIL_SENDING_STALE_SECONDS it is tried again (at-least-once), with the same
 * Message-ID so a receiver can recognise the duplicate.
 *
 * A temporary failure puts the row back to queued and throws TemporaryMailError
 * (the job retries with backoff, the sweep later); a permanent one (5xx) or the
 * last allowed attempt marks it failed.
 */
export async function deliverEmail(db: Knex, config: Config, emailId: number, mailer?: Mailer): Promise<DeliveryOutcome> {
  const staleMs = config.MAIL_SENDING_STALE_SECONDS * 1000;
  const row: EmailRow | null = await claimForSending(db, emailId, staleMs, `<${randomUUID()}@${domainOf(config.MAIL_FROM)}>`);
  if (!row) return 'skipped';
  const send = mailer ?? (config.SMTP_URL ? smtpMailer(config.SMTP_URL) : null);
  if (!send) {
    await markAttemptFailed(db, row.id, 'No mail server is configured (set SMTP_URL).', true, 0);
    return 'failed';
  }
  try {
    const info = await send.send({ from: config.MAIL_FROM, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, messageId: row.message_id! });
    await markSent(db, row.id, info.response);
    return 'sent';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const final = isPermanent(err) || row.attempts >= config.MAIL_MAX_ATTEMPTS;
    await markAttemptFailed(db, row.id, message, final, retryDelayMs(row.attempts));
    if (final) return 'failed';
    throw new TemporaryMailError(`email ${row.id}: ${message}`);
  }
}

/**
 * The slow path, run every minute: messages that are due but that no job holds
 * (Redis lost the queue, the job ran out of retries, a sender crashed mid-send)
 * get a new delivery job. The claim in deliverEmail keeps a duplicate harmless.
 */
export async function sweepEmails(db: Knex, config: Config, queues: Queues): Promise<number> {
  const due = await dueEmails(db, config.MAIL_SENDING_STALE_SECONDS * 1000, 60_000, 200);
  for (const e of due) {
    await queues.notifications.add(DELIVER_EMAIL_JOB, { payload: { emailId: e.id } }, { jobId: `${DELIVER_EMAIL_JOB}-${e.id}-a${e.attempts}` });
  }
  return due.length;
}
