import type { Knex } from 'knex';
import { fixedRows } from '../db.js';

/**
 * Every SQL statement of the ledger. Only this module writes ledger_accounts,
 * ledger_transfers, ledger_entries and holds.
 */

type Conn = Knex | Knex.Transaction;

/** A pg array literal for a list of integers (knex would expand a JS array into separate parameters). */
export const intArray = (xs: readonly number[]): string => `{${xs.map((x) => String(Math.trunc(x))).join(',')}}`;

export interface AccountKey {
  owner: number; // user id, 0 for the platform
  type: string;
}

export interface TransferRow {
  id: number;
  idempotency_key: string;
  kind: string;
  reference_type: string | null;
  reference_id: string | null;
  currency: string;
  params_hash: string;
  memo: string | null;
  created_at: Date;
}

export interface PostResult {
  status: 'ok' | 'existing' | 'insufficient';
  transfer_id: number | null;
  created_at: Date | null;
  params_hash: string | null;
  user_id: number | null;
  account_type: string | null;
  balance: number | null;
}

/** One transfer in one round trip: see ledger_post in migrations/20261121000010_ledger.ts. */
export async function postTransfer(trx: Conn, row: Omit<TransferRow, 'id'>, keys: AccountKey[], amounts: number[]): Promise<PostResult> {
  const { rows } = await trx.raw('select * from ledger_post(?, ?, ?, ?, ?, ?, ?, ?, ?::bigint[], ?::text[], ?::bigint[])', [
    row.idempotency_key,
    row.kind,
    row.reference_type,
    row.reference_id,
    row.currency,
    row.params_hash,
    row.memo,
    row.created_at,
    intArray(keys.map((k) => k.owner)),
    `{${keys.map((k) => k.type).join(',')}}`,
    intArray(amounts),
  ]);
  return rows[0];
}

/** One transfer as ledger_post takes it: the transfer row, and its legs' accounts and amounts. */
export interface PostedTransfer {
  row: Omit<TransferRow, 'id'>;
  keys: AccountKey[];
  amounts: number[];
}

const USER_BALANCES_SQL = 'select type, balance from ledger_accounts where user_id = $1 and currency = $2';

/** The balances of user `$1` in currency `$2` as one JSON object by account type, for the statement that reads a page's header figures at once. */
export const USER_BALANCES_EXPR = "(select coalesce(json_object_agg(type, balance), '{}'::json) from ledger_accounts where user_id = $1 and currency = $2)";

export function userBalances(db: Conn, userId: number, currency: string): Promise<{ type: string; balance: number }[]> {
  return fixedRows(db, USER_BALANCES_SQL, [userId, currency]);
}

export interface HistoryRow {
  entry_id: number;
  transfer_id: number;
  account: 'available' | 'held' | 'payout_pending';
  /** signed: positive when money came into this account */
  amount: number;
  /** the account's balance right after this entry */
  balance_after: number;
  currency: string;
  kind: string;
  reference_type: string | null;
  reference_id: string | null;
  memo: string | null;
  created_at: Date;
}

export async function userHistory(
  db: Conn,
  userId: number,
  opts: { account?: string; kind?: string; before?: number; limit: number; from?: Date; to?: Date },
): Promise<HistoryRow[]> {
  const where: string[] = ['a.user_id = ?'];
  const bindings: unknown[] = [userId];
  if (opts.account) (where.push('a.type = ?'), bindings.push(opts.account));
  if (opts.kind) (where.push('t.kind = ?'), bindings.push(opts.kind));
  if (opts.before) (where.push('e.id < ?'), bindings.push(opts.before));
  if (opts.from) (where.push('e.created_at >= ?'), bindings.push(opts.from));
  if (opts.to) (where.push('e.created_at < ?'), bindings.push(opts.to));
  bindings.push(opts.limit);
  const { rows } = await db.raw(
    `select e.id as entry_id, e.transfer_id, a.type as account, e.amount, a.currency, t.kind,
            t.reference_type, t.reference_id, t.memo, e.created_at,
            (a.balance - coalesce((select sum(n.amount) from ledger_entries n
                                    where n.account_id = e.account_id and n.id > e.id), 0))::bigint as balance_after
       from ledger_entries e
       join ledger_accounts a on a.id = e.account_id
       join ledger_transfers t on t.id = e.transfer_id
      where ${where.join(' and ')}
      order by e.id desc
      limit ?`,
    bindings as Knex.RawBinding[],
  );
  return rows;
}

// --- holds ---

export interface HoldRow {
  id: number;
  user_id: number;
  amount: number;
  currency: string;
  status: 'open' | 'captured' | 'released';
  captured_amount: number | null;
  reference_type: string | null;
  reference_id: string | null;
  created_transfer_id: number;
  resolved_transfer_id: number | null;
  created_at: Date;
  resolved_at: Date | null;
}

export async function insertHold(trx: Conn, row: Omit<HoldRow, 'id' | 'status' | 'captured_amount' | 'resolved_transfer_id' | 'resolved_at'>): Promise<number> {
  const [r] = await trx('holds').insert(row).returning('id');
  return r.id;
}

export async function holdByCreatedTransfer(trx: Conn, transferId: number): Promise<HoldRow | undefined> {
  return trx<HoldRow>('holds').where({ created_transfer_id: transferId }).first();
}

/** Locks the hold row: a capture and a release of the same hold queue up here. */
export async function lockHold(trx: Conn, holdId: number): Promise<(HoldRow & { resolved_key: string | null }) | undefined> {
  const hold: HoldRow | undefined = await trx<HoldRow>('holds').where({ id: holdId }).forUpdate().first();
  if (!hold) return undefined;
  // read in a statement of its own: after waiting for the lock, the resolving
  // transfer committed by the other transaction is only visible to a new snapshot
  const resolved = hold.resolved_transfer_id ? await trx('ledger_transfers').select('idempotency_key').where({ id: hold.resolved_transfer_id }).first() : undefined;
  return { ...hold, resolved_key: resolved?.idempotency_key ?? null };
}

/** Resolves an open hold; false when it was not open any more. */
export async function resolveHold(
  trx: Conn,
  holdId: number,
  r: { status: 'captured' | 'released'; captured_amount: number | null; resolved_transfer_id: number; resolved_at: Date },
): Promise<boolean> {
  const n = await trx('holds').where({ id: holdId, status: 'open' }).update(r);
  return n === 1;
}

// --- whole-ledger checks ---

export async function sumsByAccountType(db: Conn): Promise<{ type: string; currency: string; accounts: number; balance: number }[]> {
  const { rows } = await db.raw(
    `select type, currency, count(*)::int as accounts, coalesce(sum(balance), 0)::bigint as balance
       from ledger_accounts group by type, currency order by currency, type`,
  );
  return rows;
}

export async function unbalancedTransfers(db: Conn): Promise<{ id: number; idempotency_key: string; total: number; legs: number }[]> {
  const { rows } = await db.raw(
    `select t.id, t.idempotency_key, coalesce(sum(e.amount), 0)::bigint as total, count(e.id)::int as legs
       from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
      group by t.id having coalesce(sum(e.amount), 0) <> 0 or count(e.id) < 2
      order by t.id limit 100`,
  );
  return rows;
}

export async function driftedAccounts(db: Conn): Promise<{ id: number; owner: number; type: string; balance: number; entries: number }[]> {
  const { rows } = await db.raw(
    `select a.id, coalesce(a.user_id, 0) as owner, a.type, a.balance, coalesce(s.total, 0)::bigint as entries
       from ledger_accounts a
       left join (select account_id, sum(amount) as total from ledger_entries group by account_id) s on s.account_id = a.id
      where a.balance <> coalesce(s.total, 0)
      order by a.id limit 100`,
  );
  return rows;
}

export async function negativeUserAccounts(db: Conn): Promise<{ id: number; owner: number; type: string; balance: number }[]> {
  const { rows } = await db.raw(
    `select id, user_id as owner, type, balance from ledger_accounts where user_id is not null and balance < 0 order by id limit 100`,
  );
  return rows;
}

export async function inconsistentHolds(db: Conn): Promise<{ id: number; problem: string }[]> {
  const { rows } = await db.raw(
    `select h.id, 'a resolved hold whose resolution does not move exactly what was held' as problem
       from holds h
       join ledger_entries e on e.transfer_id = h.resolved_transfer_id
       join ledger_accounts a on a.id = e.account_id and a.type = 'held' and a.user_id = h.user_id
      group by h.id, h.amount
     having sum(e.amount) <> -h.amount
     union all
     select h.id, 'a hold whose creation did not move the held amount'
       from holds h
       join ledger_entries e on e.transfer_id = h.created_transfer_id
       join ledger_accounts a on a.id = e.account_id and a.type = 'held' and a.user_id = h.user_id
      group by h.id, h.amount
     having sum(e.amount) <> h.amount
     order by 1 limit 100`,
  );
  return rows;
}
