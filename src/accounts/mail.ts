import type { Knex } from 'knex';
import type { AccountEmail } from '../../views/accounts/emails.js';
import { queueEmail } from '../mail/mail.js';

/** Queues an account email in the caller's transaction: it goes out only if the change commits. */
export function sendAccountEmail(trx: Knex | Knex.Transaction, to: { email: string; id: number }, email: AccountEmail): Promise<unknown> {
  return queueEmail(trx, { to: to.email, userId: to.id, kind: email.kind, subject: email.subject, text: email.text, html: email.html });
}
