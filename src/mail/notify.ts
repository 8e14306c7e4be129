import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { queueEmail } from './mail.js';
import { channelsFor, type Channels } from './preferences.js';
import { emailAddressOf, type EmailRow } from './queries.js';
import { renderNotificationMail, type NotificationForMail } from './templates.js';

export { channelsFor, type Channels };

/** Where links in emails point: PUBLIC_URL, or this machine's web port in development. */
export function mailLinkBase(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${config.PORT || 3000}`;
}

/**
 * Queues the email of a notification just created, in the same transaction, when
 * the user's channels say so; once per notification (a replayed event adds none).
 */
export async function emailNotification(
  trx: Knex | Knex.Transaction,
  n: NotificationForMail & { user_id: number },
  channels: Channels,
  baseUrl: string,
): Promise<EmailRow | null> {
  if (!channels.email) return null;
  const user = await emailAddressOf(trx, n.user_id);
  if (!user) return null;
  const mail = await renderNotificationMail(n, user, baseUrl);
  return queueEmail(trx, { to: user.email, userId: n.user_id, kind: n.kind, notificationId: n.id, ...mail });
}
