import type { Knex } from 'knex';
import { emit, type OutboxEvent } from '../outbox/outbox.js';
import { paths } from '../paths.js';
import { insertOnce, type NotificationRow } from './queries.js';

interface Draft {
  userId: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What each domain event tells whom. Pure: the same event always gives the same notifications. */
export function draftsFor(event: OutboxEvent): Draft[] {
  const p = event.payload as P;
  const userId = Number(p.userId);
  switch (event.topic) {
    case 'seller_application.decided':
      return p.status === 'approved'
        ? [{ userId, kind: 'seller.approved', title: `Your shop “${str(p.shopName)}” is approved`, body: 'You can now sell on Souk.', link: paths.sellerApplication() }]
        : [{ userId, kind: 'seller.rejected', title: 'Your seller application was not approved', body: str(p.reason), link: paths.sellerApplication() }];
    case 'user.blocked':
      return [
        {
          userId,
          kind: 'account.blocked',
          title: 'Your account was blocked',
          body: `${str(p.reason)}${p.until ? ` (until ${new Date(str(p.until)).toUTCString()})` : ''}`,
          link: null,
        },
      ];
    case 'user.unblocked':
      return [{ userId, kind: 'account.unblocked', title: 'Your account is active again', body: str(p.reason), link: null }];
    default:
      return [];
  }
}

/**
 * Turns a domain event into in-app notifications. Safe to run any number of times
 * for the same event: each notification exists once, and only a new one is announced.
 */
export async function notifyFromEvent(db: Knex, event: OutboxEvent): Promise<NotificationRow[]> {
  const drafts = draftsFor(event);
  if (drafts.length === 0) return [];
  return db.transaction(async (trx) => {
    const created: NotificationRow[] = [];
    for (const d of drafts) {
      const row = await insertOnce(trx, { user_id: d.userId, kind: d.kind, title: d.title, body: d.body, link: d.link, source_event_id: event.id });
      if (row) {
        created.push(row);
        await emit(trx, 'notification.created', { userId: d.userId, notificationId: row.id });
      }
    }
    return created;
  });
}
