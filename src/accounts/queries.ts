import type { Knex } from 'knex';
import { fixedRows } from '../db.js';

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

const CURRENT_USER_SQL = `select u.id, u.email, u.display_name, u.is_admin, u.blocked_at, u.blocked_until, s.shop_name, s.user_id is not null as is_seller
  from users u left join sellers s on s.user_id = u.id where u.id = $1`;

export async function findCurrentUser(db: Knex, id: number): Promise<CurrentUser | undefined> {
  return (await fixedRows<CurrentUser>(db, CURRENT_USER_SQL, [id]))[0];
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

export function updateDisplayName(db: Knex, id: number, display_name: string): Promise<number> {
  return db('users').where({ id }).update({ display_name, updated_at: db.fn.now() });
}

export function updatePasswordHash(trx: Knex.Transaction, id: number, password_hash: string): Promise<number> {
  return trx('users').where({ id }).update({ password_hash, updated_at: trx.fn.now() });
}

export function updateEmail(trx: Knex.Transaction, id: number, email: string): Promise<number> {
  return trx('users').where({ id }).update({ email, updated_at: trx.fn.now() });
}

/** Whether another account already uses the address (in any letter case). */
export async function emailTaken(db: Knex | Knex.Transaction, email: string, exceptUserId: number): Promise<boolean> {
  const row = await db('users').whereRaw('lower(email) = lower(?)', [email]).whereNot({ id: exceptUserId }).first('id');
  return Boolean(row);
}

export interface PasswordResetRow {
  id: number;
  user_id: number;
  expires_at: Date;
  used_at: Date | null;
}

export function insertPasswordReset(trx: Knex.Transaction, row: { user_id: number; token_hash: string; expires_at: Date }): Promise<number[]> {
  return trx('password_resets').insert(row);
}

/** The reset a link stands for while it can still be used. */
export function usablePasswordReset(db: Knex, token_hash: string, now: Date): Promise<PasswordResetRow | undefined> {
  return db('password_resets').where({ token_hash }).whereNull('used_at').where('expires_at', '>', now).first('id', 'user_id', 'expires_at', 'used_at') as Promise<PasswordResetRow | undefined>;
}

/** Marks a usable reset used; only one request can win it. */
export async function consumePasswordReset(trx: Knex.Transaction, token_hash: string, now: Date): Promise<{ user_id: number } | undefined> {
  const [row] = await trx('password_resets')
    .where({ token_hash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning('user_id');
  return row as { user_id: number } | undefined;
}

/** Makes every outstanding reset link of the user worthless. */
export function voidPasswordResets(trx: Knex.Transaction, user_id: number, now: Date): Promise<number> {
  return trx('password_resets').where({ user_id }).whereNull('used_at').update({ used_at: now });
}

export interface EmailChangeRow {
  id: number;
  user_id: number;
  new_email: string;
  expires_at: Date;
}

export function insertEmailChange(trx: Knex.Transaction, row: { user_id: number; new_email: string; token_hash: string; expires_at: Date }): Promise<number[]> {
  return trx('email_changes').insert(row);
}

/** Voids the user's pending email changes (a newer request, or the change is done). */
export function cancelEmailChanges(trx: Knex.Transaction, user_id: number, now: Date): Promise<number> {
  return trx('email_changes').where({ user_id }).whereNull('used_at').whereNull('cancelled_at').update({ cancelled_at: now });
}

/** The user's newest email change waiting for confirmation. */
export function pendingEmailChange(db: Knex, user_id: number, now: Date): Promise<EmailChangeRow | undefined> {
  return db<EmailChangeRow>('email_changes')
    .where({ user_id })
    .whereNull('used_at')
    .whereNull('cancelled_at')
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .first('id', 'user_id', 'new_email', 'expires_at');
}

/** The change a confirmation link stands for while it can still be used. */
export function usableEmailChange(db: Knex, token_hash: string, now: Date): Promise<EmailChangeRow | undefined> {
  return db('email_changes')
    .where({ token_hash })
    .whereNull('used_at')
    .whereNull('cancelled_at')
    .where('expires_at', '>', now)
    .first('id', 'user_id', 'new_email', 'expires_at') as Promise<EmailChangeRow | undefined>;
}

/** Marks a usable email change used; only one request can win it. */
export async function consumeEmailChange(trx: Knex.Transaction, token_hash: string, now: Date): Promise<EmailChangeRow | undefined> {
  const [row] = await trx('email_changes')
    .where({ token_hash })
    .whereNull('used_at')
    .whereNull('cancelled_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning(['id', 'user_id', 'new_email', 'expires_at']);
  return row as EmailChangeRow | undefined;
}
