import type { Knex } from 'knex';
import { fixedRows } from '../db.js';

export interface NotificationRow {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  source_event_id: number | null;
  read_at: Date | null;
  created_at: Date;
}

/** Inserts once per (user, kind, event); returns the row, or null when it already existed. */
export async function insertOnce(
  trx: Knex | Knex.Transaction,
  n: Omit<NotificationRow, 'id' | 'read_at' | 'created_at'>,
): Promise<NotificationRow | null> {
  const rows = await trx('notifications')
    .insert(n)
    .onConflict(trx.raw('(user_id, kind, source_event_id) where source_event_id is not null'))
    .ignore()
    .returning('*');
  return (rows[0] as NotificationRow | undefined) ?? null;
}

/** The unread count of user `$1` as an expression, for the statement that reads a page's header figures at once (http/header-figures.ts). */
export const UNREAD_COUNT_EXPR = '(select count(*)::int from notifications where user_id = $1 and read_at is null)';
const UNREAD_SQL = `select ${UNREAD_COUNT_EXPR} as count`;

export async function unreadCount(db: Knex, userId: number): Promise<number> {
  const [row] = await fixedRows<{ count: number }>(db, UNREAD_SQL, [userId]);
  return row?.count ?? 0;
}

const COLUMNS = 'id, user_id, kind, title, body, link, source_event_id, read_at, created_at';
const LIST_SQL = `select ${COLUMNS} from notifications where user_id = $1 order by id desc limit $2`;
const LIST_BEFORE_SQL = `select ${COLUMNS} from notifications where user_id = $1 and id < $3 order by id desc limit $2`;

/** A user's notifications, newest first, keyset-paginated by id. */
export function listForUser(db: Knex, userId: number, beforeId: number | null, limit: number): Promise<NotificationRow[]> {
  return beforeId ? fixedRows(db, LIST_BEFORE_SQL, [userId, limit, beforeId]) : fixedRows(db, LIST_SQL, [userId, limit]);
}

/** Marks one of the user's own notifications read; 0 when it is not theirs. */
export function markRead(db: Knex, userId: number, id: number): Promise<number> {
  return db('notifications').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: db.fn.now() });
}

export function markAllRead(db: Knex, userId: number): Promise<number> {
  return db('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: db.fn.now() });
}

export function findForUser(db: Knex, userId: number, id: number): Promise<NotificationRow | undefined> {
  return db<NotificationRow>('notifications').where({ id, user_id: userId }).first();
}
