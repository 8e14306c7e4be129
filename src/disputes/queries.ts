import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

export type DisputeReason = 'not_received' | 'not_as_described' | 'damaged';
export type DisputeStatus = 'open' | 'escalated' | 'resolved';
export type Resolution = 'release' | 'refund' | 'split' | 'seller_refund' | 'withdrawn';

export interface DisputeRow {
  id: number;
  seller_order_id: number;
  buyer_id: number;
  seller_id: number;
  reason: DisputeReason;
  status: DisputeStatus;
  previous_status: string;
  resolution: Resolution | null;
  refund_amount: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  escalate_at: Date;
  created_at: Date;
}

export interface DisputeMessageRow {
  id: number;
  dispute_id: number;
  author_id: number;
  body: string;
  image_keys: string[];
  created_at: Date;
  /** joined: the author's display name */
  author_name: string;
}

/** A dispute with what its page and the queue show beside it. */
export interface DisputeView extends DisputeRow {
  order_id: number;
  total: number;
  currency: string;
  order_status: string;
  fulfilment: string;
  buyer_name: string;
  shop_name: string | null;
  seller_name: string;
}

export interface QueueRow extends DisputeView {
  messages: number;
}

const viewColumns = [
  'd.*',
  'so.order_id',
  'so.total',
  'so.currency',
  'so.status as order_status',
  'so.fulfilment',
  'b.display_name as buyer_name',
  's.display_name as seller_name',
  'sh.shop_name',
];

function viewQuery(db: Db) {
  return db('disputes as d')
    .join('seller_orders as so', 'so.id', 'd.seller_order_id')
    .join('users as b', 'b.id', 'd.buyer_id')
    .join('users as s', 's.id', 'd.seller_id')
    .leftJoin('sellers as sh', 'sh.user_id', 'd.seller_id');
}

export async function insertDispute(trx: Knex.Transaction, row: Pick<DisputeRow, 'seller_order_id' | 'buyer_id' | 'seller_id' | 'reason' | 'previous_status' | 'escalate_at' | 'created_at'>): Promise<DisputeRow> {
  const [d] = await trx('disputes').insert(row).returning('*');
  return d as DisputeRow;
}

export async function insertMessage(trx: Knex.Transaction, row: { dispute_id: number; author_id: number; body: string; image_keys: string[]; created_at: Date }): Promise<{ id: number }> {
  const [m] = await trx('dispute_messages')
    .insert({ ...row, image_keys: JSON.stringify(row.image_keys) })
    .returning('id');
  return { id: Number(m.id) };
}

export function findDispute(db: Db, id: number): Promise<DisputeRow | undefined> {
  return db<DisputeRow>('disputes').where({ id }).first();
}

/** Locks the dispute row: decisions, refunds and withdrawals of one dispute are serialized on it. */
export function lockDispute(trx: Knex.Transaction, id: number): Promise<DisputeRow | undefined> {
  return trx<DisputeRow>('disputes').where({ id }).forUpdate().first();
}

export function disputeView(db: Db, id: number): Promise<DisputeView | undefined> {
  return viewQuery(db).where('d.id', id).first(viewColumns);
}

/** The dispute still open (or escalated) on a seller order, if any. */
export function unresolvedOf(db: Db, sellerOrderId: number): Promise<DisputeRow | undefined> {
  return db<DisputeRow>('disputes').where({ seller_order_id: sellerOrderId }).whereNot({ status: 'resolved' }).first();
}

export async function messagesOf(db: Db, disputeId: number): Promise<DisputeMessageRow[]> {
  return db('dispute_messages as m').join('users as u', 'u.id', 'm.author_id').where('m.dispute_id', disputeId).orderBy('m.id').select('m.*', 'u.display_name as author_name');
}

export function findMessage(db: Db, disputeId: number, messageId: number): Promise<Pick<DisputeMessageRow, 'id' | 'image_keys'> | undefined> {
  return db('dispute_messages').where({ id: messageId, dispute_id: disputeId }).first('id', 'image_keys');
}

/** Closes a dispute once: only an unresolved one changes, so of two decisions exactly one gets a row back. */
export async function markResolved(
  trx: Knex.Transaction,
  id: number,
  r: { resolution: Resolution; refund_amount: number; decided_by: number | null; decided_at: Date },
): Promise<DisputeRow | undefined> {
  const [row] = await trx('disputes')
    .where({ id })
    .whereNot({ status: 'resolved' })
    .update({ status: 'resolved', ...r })
    .returning('*');
  return row as DisputeRow | undefined;
}

/** Open disputes whose time for the parties to agree has passed (the sweep's work list). */
export async function dueEscalations(db: Db, now: Date, limit = 200): Promise<number[]> {
  return (await db('disputes').where({ status: 'open' }).where('escalate_at', '<=', now).orderBy('escalate_at').limit(limit).pluck('id')).map(Number);
}

/** Escalates one dispute if it is still open and due; null when another run (or a decision) came first. */
export async function markEscalated(trx: Knex.Transaction, id: number, now: Date): Promise<DisputeRow | undefined> {
  const [row] = await trx('disputes').where({ id, status: 'open' }).where('escalate_at', '<=', now).update({ status: 'escalated' }).returning('*');
  return row as DisputeRow | undefined;
}

export type QueueFilter = 'unresolved' | DisputeStatus;

/** The admin queue: escalated first, then open ones oldest first; resolved ones newest decision first. */
export function adminQueue(db: Db, filter: QueueFilter, limit = 100): Promise<QueueRow[]> {
  const q = viewQuery(db)
    .select([...viewColumns, db.raw('(select count(*)::int from dispute_messages m where m.dispute_id = d.id) as messages')])
    .limit(limit);
  if (filter === 'unresolved') q.whereNot('d.status', 'resolved');
  else q.where('d.status', filter);
  if (filter === 'resolved') q.orderBy([{ column: 'd.decided_at', order: 'desc' }, { column: 'd.id', order: 'desc' }]);
  else q.orderByRaw(`(d.status = 'escalated') desc, d.created_at, d.id`);
  return q as unknown as Promise<QueueRow[]>;
}

/** Which of these store keys a dispute message's photos point at (the media orphan sweep keeps them). */
export async function referencedDisputeKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.raw<{ rows: { key: string }[] }>(
    `select distinct k.key from dispute_messages m cross join lateral jsonb_array_elements_text(m.image_keys) as k(key)
     where m.image_keys <> '[]'::jsonb and k.key = any(?)`,
    [keys],
  );
  return new Set(rows.map((r) => r.key));
}

/** Up to `limit` photo keys of the newest dispute messages with photos. */
export async function newestDisputeKeys(db: Db, limit: number): Promise<string[]> {
  const rows: { image_keys: string[] }[] = await db('dispute_messages').whereRaw(`image_keys <> '[]'::jsonb`).orderBy('id', 'desc').limit(limit).select('image_keys');
  return rows.flatMap((r) => r.image_keys).slice(0, limit);
}
