import type { Knex } from 'knex';

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** One message in the delivery log. */
export interface EmailRow {
  id: number;
  user_id: number | null;
  to_address: string;
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  smtp_response: string | null;
  notification_id: number | null;
  next_attempt_at: Date;
  sending_since: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewEmail = Pick<EmailRow, 'to_address' | 'kind' | 'subject' | 'text_body' | 'html_body'> &
  Partial<Pick<EmailRow, 'user_id' | 'notification_id'>>;

/** Inserts a queued message; null when its notification already has one. */
export async function insertEmail(db: Knex | Knex.Transaction, e: NewEmail): Promise<EmailRow | null> {
  const rows = await db('emails')
    .insert(e)
    .onConflict(db.raw('(notification_id) where notification_id is not null'))
    .ignore()
    .returning('*');
  return (rows[0] as EmailRow | undefined) ?? null;
}

export function findEmail(db: Knex, id: number): Promise<EmailRow | undefined> {
  return db<EmailRow>('emails').where({ id }).first();
}

/**
 * Takes a message for one attempt: a queued one, or one left "sending" longer than
 * `staleMs` ago (its sender crashed before it could record the outcome). Returns
 * null when it is sent, failed for good, or another sender holds it.
 */
export async function claimForSending(db: Knex, id: number, staleMs: number, messageId: string): Promise<EmailRow | null> {
  const rows = await db('emails')
    .where({ id })
    .andWhere((q) =>
      q.where({ status: 'queued' }).orWhere((s) => s.where({ status: 'sending' }).andWhere('sending_since', '<', db.raw(`now() - make_interval(secs => ?)`, [staleMs / 1000]))),
    )
    .update({
      status: 'sending',
      attempts: db.raw('attempts + 1'),
      sending_since: db.fn.now(),
      message_id: db.raw('coalesce(message_id, ?)', [messageId]),
      updated_at: db.fn.now(),
    })
    .returning('*');
  return (rows[0] as EmailRow | undefined) ?? null;
}

export function markSent(db: Knex, id: number, smtpResponse: string): Promise<number> {
  return db('emails')
    .where({ id, status: 'sending' })
    .update({ status: 'sent', sent_at: db.fn.now(), smtp_response: smtpResponse.slice(0, 500), last_error: null, sending_since: null, updated_at: db.fn.now() });
}

/** Records a failed attempt: back to queued (due again after `retryInMs`) or failed for good. */
export function markAttemptFailed(db: Knex, id: number, error: string, final: boolean, retryInMs: number): Promise<number> {
  return db('emails')
    .where({ id, status: 'sending' })
    .update({
      status: final ? 'failed' : 'queued',
      last_error: error.slice(0, 1000),
      sending_since: null,
      next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [retryInMs / 1000]),
      updated_at: db.fn.now(),
    });
}

/** Messages due for an attempt that no job seems to hold: queued and due, or "sending" for too long. */
export function dueEmails(db: Knex, staleMs: number, olderThanMs: number, limit: number): Promise<Pick<EmailRow, 'id' | 'attempts'>[]> {
  return db<EmailRow>('emails')
    .select('id', 'attempts')
    .where((q) =>
      q
        .where('status', 'queued')
        .andWhere('next_attempt_at', '<=', db.fn.now())
        .andWhere('updated_at', '<', db.raw(`now() - make_interval(secs => ?)`, [olderThanMs / 1000])),
    )
    .orWhere((q) => q.where('status', 'sending').andWhere('sending_since', '<', db.raw(`now() - make_interval(secs => ?)`, [staleMs / 1000])))
    .orderBy('id')
    .limit(limit);
}

export interface EmailLogFilter {
  status?: EmailStatus;
  beforeId?: number | null;
  limit: number;
}

/** The delivery log, newest first, keyset-paginated by id (without the bodies). */
export function listEmails(db: Knex, f: EmailLogFilter): Promise<Omit<EmailRow, 'text_body' | 'html_body'>[]> {
  const q = db<EmailRow>('emails')
    .select('id', 'user_id', 'to_address', 'kind', 'subject', 'status', 'attempts', 'last_error', 'message_id', 'smtp_response', 'notification_id', 'next_attempt_at', 'sending_since', 'sent_at', 'created_at', 'updated_at')
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.status) q.where({ status: f.status });
  if (f.beforeId) q.where('id', '<', f.beforeId);
  return q;
}

export interface PreferenceRow {
  user_id: number;
  kind: string;
  in_app: boolean;
  email: boolean;
}

export function preferencesOf(db: Knex | Knex.Transaction, userId: number): Promise<PreferenceRow[]> {
  return db<PreferenceRow>('notification_preferences').where({ user_id: userId }).select('user_id', 'kind', 'in_app', 'email');
}

export function preferenceOf(db: Knex | Knex.Transaction, userId: number, kind: string): Promise<PreferenceRow | undefined> {
  return db<PreferenceRow>('notification_preferences').where({ user_id: userId, kind }).first();
}

export async function savePreferences(db: Knex | Knex.Transaction, rows: PreferenceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db('notification_preferences')
    .insert(rows.map((r) => ({ ...r, updated_at: db.fn.now() })))
    .onConflict(['user_id', 'kind'])
    .merge(['in_app', 'email', 'updated_at']);
}

export function emailAddressOf(db: Knex | Knex.Transaction, userId: number): Promise<{ email: string; display_name: string } | undefined> {
  return db('users').where({ id: userId }).first('email', 'display_name');
}
