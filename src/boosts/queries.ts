import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

export interface PlanRow {
  id: number;
  name: string;
  duration_hours: number;
  price: number;
  weight: number;
  retired_at: Date | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface BoostRow {
  id: number;
  listing_id: number;
  seller_id: number;
  plan_id: number;
  plan_name: string;
  price: number;
  currency: string;
  weight: number;
  starts_at: Date;
  ends_at: Date;
  ended_at: Date | null;
  created_at: Date;
}

/** What boosting needs to know about a listing. */
export interface BoostableListing {
  id: number;
  seller_id: number;
  title: string;
  status: string;
  deleted_at: Date | null;
  promoted_until: Date | null;
  promoted_weight: number;
  /** a promotion never runs past this (null: the listing does not expire) */
  expires_at: Date | null;
}

const listingColumns = ['id', 'seller_id', 'title', 'status', 'deleted_at', 'promoted_until', 'promoted_weight', 'expires_at'];

// ── plans ───────────────────────────────────────────────────────────────────

export function allPlans(db: Db): Promise<PlanRow[]> {
  return db<PlanRow>('boost_plans').orderByRaw('retired_at is not null, price, id');
}

export function activePlans(db: Db): Promise<PlanRow[]> {
  return db<PlanRow>('boost_plans').whereNull('retired_at').orderBy([{ column: 'price' }, { column: 'id' }]);
}

export function findPlan(db: Db, id: number): Promise<PlanRow | undefined> {
  return db<PlanRow>('boost_plans').where({ id }).first();
}

export function activePlan(db: Db, id: number): Promise<PlanRow | undefined> {
  return db<PlanRow>('boost_plans').where({ id }).whereNull('retired_at').first();
}

export function planNameTaken(db: Db, name: string, exceptId?: number): Promise<unknown> {
  const q = db('boost_plans').whereRaw('lower(name) = lower(?)', [name]).whereNull('retired_at');
  if (exceptId) q.whereNot('id', exceptId);
  return q.first('id');
}

export async function insertPlan(db: Db, p: Pick<PlanRow, 'name' | 'duration_hours' | 'price' | 'weight' | 'created_by'>): Promise<PlanRow> {
  const [row] = await db<PlanRow>('boost_plans').insert(p).returning('*');
  return row;
}

export async function updatePlan(db: Db, id: number, p: Pick<PlanRow, 'name' | 'duration_hours' | 'price' | 'weight'>, at: Date): Promise<PlanRow | undefined> {
  const [row] = await db<PlanRow>('boost_plans')
    .where({ id })
    .whereNull('retired_at')
    .update({ ...p, updated_at: at })
    .returning('*');
  return row;
}

export async function retirePlan(db: Db, id: number, at: Date): Promise<PlanRow | undefined> {
  const [row] = await db<PlanRow>('boost_plans').where({ id }).whereNull('retired_at').update({ retired_at: at, updated_at: at }).returning('*');
  return row;
}

// ── boosts ──────────────────────────────────────────────────────────────────

/** Locks the listing row: purchases and endings of one listing's boosts are serialized on it. */
export function lockListing(trx: Knex.Transaction, id: number): Promise<BoostableListing | undefined> {
  return trx('listings').where({ id }).forUpdate().first(listingColumns);
}

export function findListing(db: Db, id: number): Promise<BoostableListing | undefined> {
  return db('listings').where({ id }).first(listingColumns);
}

/** Boosts still running or queued after `now`. */
export function unfinishedBoosts(db: Db, listingId: number, now: Date): Promise<BoostRow[]> {
  return db<BoostRow>('listing_boosts').where({ listing_id: listingId }).where('ends_at', '>', now).orderBy('starts_at');
}

export async function insertBoost(db: Db, b: Omit<BoostRow, 'id' | 'ended_at' | 'created_at'>): Promise<BoostRow> {
  const [row] = await db<BoostRow>('listing_boosts').insert(b).returning('*');
  return row;
}

export function findBoost(db: Db, id: number): Promise<BoostRow | undefined> {
  return db<BoostRow>('listing_boosts').where({ id }).first();
}

export async function markEnded(db: Db, id: number, at: Date): Promise<boolean> {
  return (await db('listing_boosts').where({ id }).whereNull('ended_at').update({ ended_at: at })) > 0;
}

/** Boosts whose end has passed but was not applied yet (the sweep's work list). */
export function dueBoosts(db: Db, now: Date, limit = 200): Promise<Pick<BoostRow, 'id'>[]> {
  return db('listing_boosts').whereNull('ended_at').where('ends_at', '<=', now).orderBy('ends_at').limit(limit).select('id');
}

export function boostsOfListing(db: Db, listingId: number, limit = 10): Promise<BoostRow[]> {
  return db<BoostRow>('listing_boosts').where({ listing_id: listingId }).orderBy('id', 'desc').limit(limit);
}
