import type { Knex } from 'knex';
import type { ListingKind } from '../listings/queries.js';

type Db = Knex | Knex.Transaction;

export type RuleScope = 'all' | 'seller' | 'category' | 'kind';
export const SCOPES: RuleScope[] = ['seller', 'category', 'kind', 'all'];

export interface CommissionRuleRow {
  id: number;
  scope: RuleScope;
  seller_id: number | null;
  category_id: number | null;
  kind: ListingKind | null;
  rate_bp: number;
  min_amount: number | null;
  cap_amount: number | null;
  priority: number;
  note: string;
  created_by: number | null;
  created_at: Date;
  retired_at: Date | null;
}

/** A rule as the admin list shows it: with the names of what it applies to. */
export interface CommissionRuleView extends CommissionRuleRow {
  shop_name: string | null;
  seller_email: string | null;
  category_name: string | null;
  created_by_name: string | null;
}

export type NewRule = Pick<CommissionRuleRow, 'scope' | 'seller_id' | 'category_id' | 'kind' | 'rate_bp' | 'min_amount' | 'cap_amount' | 'priority' | 'note' | 'created_by'>;

/**
 * The active rules that could apply to a sale, and the category's ancestor
 * chain (nearest first), in one round trip.
 */
export async function applicableRules(db: Db, t: { sellerId: number; categoryId: number; kind: ListingKind }): Promise<{ rules: CommissionRuleRow[]; categoryPath: number[] }> {
  const { rows } = await db.raw<{ rows: (CommissionRuleRow & { path: (string | number)[] | null })[] }>(
    `with recursive up(id, parent_id, depth) as (
       select id, parent_id, 0 from categories where id = ?
       union all
       select c.id, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 100
     ),
     path as (select array_agg(id order by depth) as ids from up)
     select r.*, (select ids from path) as path
       from commission_rules r
      where r.retired_at is null
        and (r.scope = 'all'
          or (r.scope = 'seller' and r.seller_id = ?)
          or (r.scope = 'kind' and r.kind = ?)
          or (r.scope = 'category' and r.category_id in (select id from up)))`,
    [t.categoryId, t.sellerId, t.kind],
  );
  const categoryPath = (rows[0]?.path ?? []).map(Number);
  return { rules: rows.map(({ path: _path, ...r }) => r), categoryPath: categoryPath.length ? categoryPath : [t.categoryId] };
}

/** Serializes changes to the rules, so the last rule for everything cannot be retired twice at once. */
export async function lockRules(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.commission_rules'))`);
}

export function activeRuleViews(db: Db): Promise<CommissionRuleView[]> {
  return db('commission_rules as r')
    .leftJoin('sellers as s', 's.user_id', 'r.seller_id')
    .leftJoin('users as u', 'u.id', 'r.seller_id')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .leftJoin('users as a', 'a.id', 'r.created_by')
    .whereNull('r.retired_at')
    .orderByRaw(`case r.scope when 'seller' then 0 when 'category' then 1 when 'kind' then 2 else 3 end, r.priority desc, r.id desc`)
    .select('r.*', 's.shop_name', 'u.email as seller_email', 'c.name as category_name', 'a.display_name as created_by_name');
}

export function findRule(db: Db, id: number): Promise<CommissionRuleRow | undefined> {
  return db<CommissionRuleRow>('commission_rules').where({ id }).first();
}

export async function insertRule(trx: Db, rule: NewRule): Promise<CommissionRuleRow> {
  const [row] = await trx<CommissionRuleRow>('commission_rules').insert(rule).returning('*');
  return row;
}

/** Retires the rule if it is still active; undefined when it was not. */
export async function retireRule(trx: Db, id: number, at: Date): Promise<CommissionRuleRow | undefined> {
  const [row] = await trx<CommissionRuleRow>('commission_rules').where({ id }).whereNull('retired_at').update({ retired_at: at }).returning('*');
  return row;
}

export async function activeAllRuleCount(db: Db): Promise<number> {
  const row = await db('commission_rules').where({ scope: 'all' }).whereNull('retired_at').count<{ n: string }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

/** A seller by the email of their account or their shop name (both case-insensitive). */
export async function findSellerByEmailOrShop(db: Db, who: string): Promise<{ user_id: number; shop_name: string } | undefined> {
  const key = who.trim().toLowerCase();
  return db('sellers as s')
    .join('users as u', 'u.id', 's.user_id')
    .where((q) => q.whereRaw('lower(u.email) = ?', [key]).orWhereRaw('lower(s.shop_name) = ?', [key]))
    .orderBy('s.user_id')
    .first('s.user_id', 's.shop_name');
}
