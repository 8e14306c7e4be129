import type { Knex } from 'knex';
import { emit, type OutboxEvent } from '../outbox/outbox.js';
import { insertOnce, type NotificationRow } from './queries.js';
import type { Draft } from './draft.js';
import { wiring } from '../domains.js';
import { channelsFor, emailNotification } from '../mail/notify.js';
import { markRead } from './queries.js';

/** What a domain event tells whom: the drafts of the domain that owns its topic (see its manifest). */
export async function draftsFor(event: OutboxEvent, db: Knex): Promise<Draft[]> {
  const draft = wiring().drafts[event.topic];
  return draft ? draft(event, db) : [];
}

/**
 * Turns a domain event into in-app notifications, and the emails the users asked
 * for (their preferences, src/mail). Safe to run any number of times for the same
 * event: each notification exists once, and only a new one is announced or emailed.
 * A kind the user switched off in the app is still recorded (it keeps the event from
 * being notified twice) but arrives read and unannounced.
 */
export async function notifyFromEvent(db: Knex, event: OutboxEvent, opts: { mailLinkBase?: string } = {}): Promise<NotificationRow[]> {
  const drafts = await draftsFor(event, db);
  if (drafts.length === 0) return [];
  return db.transaction(async (trx) => {
    const created: NotificationRow[] = [];
    for (const d of drafts) {
      const row = await insertOnce(trx, { user_id: d.userId, kind: d.kind, title: d.title, body: d.body, link: d.link, source_event_id: event.id });
      if (row) {
        created.push(row);
        const channels = await channelsFor(trx, d.userId, d.kind);
        if (channels.inApp) await emit(trx, 'notification.created', { userId: d.userId, notificationId: row.id });
        else await markRead(trx, d.userId, row.id);
        if (opts.mailLinkBase) await emailNotification(trx, row, channels, opts.mailLinkBase);
      }
    }
    return created;
  });
}
