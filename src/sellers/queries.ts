import type { Knex } from 'knex';

export interface ApplicationRow {
  id: number;
  user_id: number;
  shop_name: string;
  description: string;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  created_at: Date;
}

export interface ApplicationListRow extends ApplicationRow {
  email: string;
  display_name: string;
  user_created_at: Date;
}

export function latestApplication(db: Knex, userId: number): Promise<ApplicationRow | undefined> {
  return db<ApplicationRow>('seller_applications').where({ user_id: userId }).orderBy('id', 'desc').first();
}

export function lockApplication(trx: Knex.Transaction, id: number): Promise<ApplicationRow | undefined> {
  return trx<ApplicationRow>('seller_applications').where({ id }).forUpdate().first();
}

export async function insertApplication(
  trx: Knex | Knex.Transaction,
  a: { user_id: number; shop_name: string; description: string },
): Promise<ApplicationRow> {
  const [row] = await trx<ApplicationRow>('seller_applications').insert(a).returning('*');
  return row;
}

export function decideApplication(
  trx: Knex.Transaction,
  id: number,
  d: { status: 'approved' | 'rejected'; reason: string | null; decided_by: number },
): Promise<number> {
  return trx('seller_applications').where({ id, status: 'pending' }).update({ ...d, decided_at: trx.fn.now() });
}

export function shopNameTaken(trx: Knex | Knex.Transaction, shopName: string, exceptUserId?: number): Promise<unknown> {
  const q = trx('sellers').whereRaw('lower(shop_name) = lower(?)', [shopName]);
  if (exceptUserId) q.whereNot('user_id', exceptUserId);
  return q.first('user_id');
}

export function insertSeller(
  trx: Knex.Transaction,
  s: { user_id: number; shop_name: string; description: string; approved_by: number },
): Promise<unknown> {
  return trx('sellers').insert(s).onConflict('user_id').merge(['shop_name', 'description', 'approved_by']);
}

export function applicationsByStatus(db: Knex, status: ApplicationRow['status'], limit = 100): Promise<ApplicationListRow[]> {
  return db('seller_applications as a')
    .join('users as u', 'u.id', 'a.user_id')
    .where('a.status', status)
    .orderBy('a.id', status === 'pending' ? 'asc' : 'desc')
    .limit(limit)
    .select('a.*', 'u.email', 'u.display_name', 'u.created_at as user_created_at') as unknown as Promise<ApplicationListRow[]>;
}

export async function pendingCount(db: Knex): Promise<number> {
  const row = await db('seller_applications').where({ status: 'pending' }).count<{ count: string }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

export function recentlyDecided(db: Knex, limit = 20): Promise<ApplicationListRow[]> {
  return db('seller_applications as a')
    .join('users as u', 'u.id', 'a.user_id')
    .whereNot('a.status', 'pending')
    .orderBy('a.decided_at', 'desc')
    .limit(limit)
    .select('a.*', 'u.email', 'u.display_name', 'u.created_at as user_created_at') as unknown as Promise<ApplicationListRow[]>;
}

/** What a seller charges for shipping and when they hear that stock runs low. */
export interface ShippingSettingsRow {
  shipping_flat: number;
  shipping_free_over: number | null;
  low_stock_threshold: number;
}

export function shippingSettings(db: Knex | Knex.Transaction, userId: number): Promise<ShippingSettingsRow | undefined> {
  return db('sellers').where({ user_id: userId }).first('shipping_flat', 'shipping_free_over', 'low_stock_threshold');
}

export async function updateShippingSettings(db: Knex | Knex.Transaction, userId: number, s: ShippingSettingsRow): Promise<boolean> {
  return (await db('sellers').where({ user_id: userId }).update(s)) > 0;
}
