import type { Knex } from 'knex';

export interface UserRow {
  id: number;
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: boolean;
  blocked_at: Date | null;
  blocked_until: Date | null;
  blocked_reason: string | null;
  created_at: Date;
}

/** The signed-in user as every request sees it. */
export interface CurrentUser {
  id: number;
  email: string;
  display_name: string;
  is_admin: boolean;
  is_seller: boolean;
  shop_name: string | null;
  blocked_at: Date | null;
  blocked_until: Date | null;
}

export function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first();
}

export function findUserById(db: Knex, id: number): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first();
}

export async function findCurrentUser(db: Knex, id: number): Promise<CurrentUser | undefined> {
  const row = await db('users as u')
    .leftJoin('sellers as s', 's.user_id', 'u.id')
    .where('u.id', id)
    .first(
      'u.id',
      'u.email',
      'u.display_name',
      'u.is_admin',
      'u.blocked_at',
      'u.blocked_until',
      's.shop_name',
      db.raw('s.user_id is not null as is_seller'),
    );
  return row as CurrentUser | undefined;
}

export async function insertUser(
  db: Knex,
  u: { email: string; display_name: string; password_hash: string; is_admin?: boolean },
): Promise<UserRow> {
  const [row] = await db<UserRow>('users').insert(u).returning('*');
  return row;
}

export function setAdmin(db: Knex, id: number): Promise<number> {
  return db('users').where({ id }).update({ is_admin: true, updated_at: db.fn.now() });
}

export function lockUser(trx: Knex.Transaction, id: number): Promise<UserRow | undefined> {
  return trx<UserRow>('users').where({ id }).forUpdate().first();
}

export function updateBlock(
  trx: Knex.Transaction,
  id: number,
  block: { blocked_at: Date | null; blocked_until: Date | null; blocked_reason: string | null },
): Promise<number> {
  return trx('users').where({ id }).update({ ...block, updated_at: trx.fn.now() });
}

/** Users whose timed block has run out. */
export function expiredBlocks(db: Knex, now: Date): Promise<{ id: number }[]> {
  return db('users').select('id').whereNotNull('blocked_at').whereNotNull('blocked_until').where('blocked_until', '<=', now);
}

export interface UserListRow {
  id: number;
  email: string;
  display_name: string;
  is_admin: boolean;
  is_seller: boolean;
  blocked_at: Date | null;
  blocked_until: Date | null;
  created_at: Date;
}

export function searchUsers(db: Knex, q: string, limit: number, offset: number): Promise<UserListRow[]> {
  const query = db('users as u')
    .leftJoin('sellers as s', 's.user_id', 'u.id')
    .select('u.id', 'u.email', 'u.display_name', 'u.is_admin', 'u.blocked_at', 'u.blocked_until', 'u.created_at', db.raw('s.user_id is not null as is_seller'))
    .orderBy('u.id', 'desc')
    .limit(limit)
    .offset(offset);
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    query.where((w) => w.whereILike('u.email', like).orWhereILike('u.display_name', like));
  }
  return query as unknown as Promise<UserListRow[]>;
}
