import type { Knex } from 'knex';
import { hashPassword } from '../src/accounts/passwords.js';
import type { UserRow } from '../src/accounts/queries.js';

/** Shared by tests and seeds: build realistic rows with sensible defaults. */
let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export const DEFAULT_PASSWORD = 'correct horse battery';

let cachedHash: Promise<string> | null = null;
function hashFor(password: string): Promise<string> {
  if (password !== DEFAULT_PASSWORD) return hashPassword(password);
  return (cachedHash ??= hashPassword(DEFAULT_PASSWORD));
}

export async function createUser(
  db: Knex,
  over: Partial<{ email: string; display_name: string; password: string; is_admin: boolean }> = {},
): Promise<UserRow & { password: string }> {
  const id = next();
  const password = over.password ?? DEFAULT_PASSWORD;
  const [row] = await db<UserRow>('users')
    .insert({
      email: over.email ?? `user-${id}@example.test`,
      display_name: over.display_name ?? `User ${id}`,
      password_hash: await hashFor(password),
      is_admin: over.is_admin ?? false,
    })
    .returning('*');
  return { ...row, password };
}

export function createAdmin(db: Knex, over: Parameters<typeof createUser>[1] = {}) {
  return createUser(db, { display_name: 'Admin', ...over, is_admin: true });
}

/** A user with an approved shop. */
export async function createSeller(db: Knex, over: Parameters<typeof createUser>[1] & { shop_name?: string } = {}) {
  const { shop_name, ...userOver } = over;
  const user = await createUser(db, userOver);
  const name = shop_name ?? `Shop ${next()}`;
  await db('seller_applications').insert({ user_id: user.id, shop_name: name, description: 'Handmade things, shipped with care.', status: 'approved', decided_at: db.fn.now() });
  await db('sellers').insert({ user_id: user.id, shop_name: name, description: 'Handmade things, shipped with care.' });
  return { ...user, shop_name: name };
}

export async function createApplication(db: Knex, userId: number, over: Partial<{ shop_name: string; description: string }> = {}) {
  const [row] = await db('seller_applications')
    .insert({ user_id: userId, shop_name: over.shop_name ?? `Shop ${next()}`, description: over.description ?? 'We sell vintage lamps and restore them by hand.' })
    .returning('*');
  return row as { id: number; user_id: number; shop_name: string };
}
