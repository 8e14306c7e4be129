import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { DEFAULT_CURRENCY, MAX_MINOR } from '../lib/money.js';
import { postTransfer, userBalances, userHistory, type AccountKey, type HistoryRow, type PostedTransfer, type PostResult, type TransferRow } from './queries.js';

export type { HistoryRow } from './queries.js';
export { placeHold, captureHold, releaseHold, HoldAlreadyResolved } from './holds.js';
export { trialBalance, verifyLedger, type TrialBalance } from './verify.js';

export type UserAccount = 'available' | 'held' | 'payout_pending';
export type PlatformAccount = 'revenue' | 'gateway_clearing' | 'promotions';
export type AccountRef = { userId: number; type: UserAccount } | { platform: PlatformAccount };

/** One side of a transfer, in signed minor units: positive puts money into the account. */
export interface Leg {
  account: AccountRef;
  amount: number;
}

export interface TransferInput {
  /** unique per business operation (e.g. `topup:<paymentId>`): the same key never moves money twice */
  idempotencyKey: string;
  kind: string;
  reference?: { type: string; id: string | number };
  /** at least two legs, non-zero integers summing to zero */
  legs: Leg[];
  /** defaults to the configured CURRENCY */
  currency?: string;
  memo?: string;
}

export interface Transfer {
  id: number;
  idempotency_key: string;
  kind: string;
  reference_type: string | null;
  reference_id: string | null;
  created_at: Date;
  legs: Leg[];
  /** true when this key had already moved the money (nothing moved this time) */
  replayed: boolean;
}

export const USER_ACCOUNTS: readonly UserAccount[] = ['available', 'held', 'payout_pending'];
export const PLATFORM_ACCOUNTS: readonly PlatformAccount[] = ['revenue', 'gateway_clearing', 'promotions'];

/** The same idempotency key was used before for a different movement (other legs, kind, reference or currency). */
export class IdempotencyConflict extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`The operation "${idempotencyKey}" was already recorded with different details; nothing was moved.`);
    this.name = 'IdempotencyConflict';
  }
}

/** A user balance would go below zero; nothing was moved. */
export class InsufficientFunds extends Error {
  constructor(
    readonly userId: number,
    readonly account: UserAccount,
    readonly balance = 0,
    readonly needed = 0,
  ) {
    super(`Not enough money in the ${account.replace('_', ' ')} balance.`);
    this.name = 'InsufficientFunds';
  }
}

/** The transfer itself is malformed (a programming error in the caller, not a user mistake). */
export class InvalidTransfer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTransfer';
  }
}

/** The currency ledger operations use when the caller names none. */
export function ledgerCurrency(): string {
  const c = process.env.CURRENCY;
  return c && /^[A-Z]{3}$/.test(c) ? c : DEFAULT_CURRENCY;
}

const keyOf = (ref: AccountRef): AccountKey => ('platform' in ref ? { owner: 0, type: ref.platform } : { owner: ref.userId, type: ref.type });
const keyStr = (k: AccountKey) => `${k.owner}:${k.type}`;

function checkRef(ref: AccountRef): void {
  if ('platform' in ref) {
    if (!PLATFORM_ACCOUNTS.includes(ref.platform)) throw new InvalidTransfer(`unknown platform account ${String(ref.platform)}`);
  } else if (!Number.isSafeInteger(ref.userId) || ref.userId <= 0 || !USER_ACCOUNTS.includes(ref.type)) {
    throw new InvalidTransfer(`invalid user account ${JSON.stringify(ref)}`);
  }
}

interface Prepared {
  currency: string;
  reference: { type: string; id: string } | null;
  hash: string;
}

function prepare(input: TransferInput): Prepared {
  const { idempotencyKey, kind, legs } = input;
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 200) throw new InvalidTransfer('idempotency key must be 1–200 characters');
  if (typeof kind !== 'string' || kind.length < 1 || kind.length > 60) throw new InvalidTransfer('kind must be 1–60 characters');
  const currency = input.currency ?? ledgerCurrency();
  if (!/^[A-Z]{3}$/.test(currency)) throw new InvalidTransfer(`invalid currency ${currency}`);
  if (!Array.isArray(legs) || legs.length < 2) throw new InvalidTransfer('a transfer needs at least two legs');
  let sum = 0;
  for (const leg of legs) {
    checkRef(leg.account);
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0 || Math.abs(leg.amount) > MAX_MINOR) {
      throw new InvalidTransfer(`leg amounts must be non-zero integers within ±${MAX_MINOR}, got ${leg.amount}`);
    }
    sum += leg.amount;
  }
  if (sum !== 0) throw new InvalidTransfer(`legs must sum to zero, they sum to ${sum}`);
  const reference = input.reference ? { type: String(input.reference.type), id: String(input.reference.id) } : null;
  // the memo is commentary, not part of what the operation is
  const canonicalLegs = legs.map((l) => [keyStr(keyOf(l.account)), l.amount] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const hash = createHash('sha256').update(JSON.stringify([kind, currency, reference, canonicalLegs])).digest('base64url');
  return { currency, reference, hash };
}

function asTransfer(row: Pick<TransferRow, 'id' | 'idempotency_key' | 'kind' | 'reference_type' | 'reference_id' | 'created_at'>, legs: Leg[], replayed: boolean): Transfer {
  return {
    id: row.id,
    idempotency_key: row.idempotency_key,
    kind: row.kind,
    reference_type: row.reference_type,
    reference_id: row.reference_id,
    created_at: row.created_at,
    legs: legs.map((l) => ({ account: { ...l.account }, amount: l.amount })),
    replayed,
  };
}

/**
 * Moves money between accounts inside the caller's transaction, exactly once per
 * idempotency key. Balance rows are locked in id order; a user balance that would
 * go negative throws InsufficientFunds before anything is written. Emits
 * `wallet.changed` { userId } for every user with a leg (delivered on commit only).
 * The same key with the same legs, kind, reference and currency returns the first
 * transfer with `replayed: true` (also when a twin commits while this one waits);
 * with anything different it throws IdempotencyConflict. The work after
 * validation is one call of the database function ledger_post (migration 0010):
 * one round trip while the balance rows are locked.
 */
export async function transfer(trx: Knex.Transaction, input: TransferInput): Promise<Transfer> {
  const item = itemOf(input);
  return settle(input, item, await postTransfer(trx, item.row, item.keys, item.amounts));
}

function itemOf(input: TransferInput): PostedTransfer {
  const p = prepare(input);
  return {
    row: {
      idempotency_key: input.idempotencyKey,
      kind: input.kind,
      reference_type: p.reference?.type ?? null,
      reference_id: p.reference?.id ?? null,
      currency: p.currency,
      params_hash: p.hash,
      memo: input.memo ?? null,
      created_at: clock.now(),
    },
    keys: input.legs.map((l) => keyOf(l.account)),
    amounts: input.legs.map((l) => l.amount),
  };
}

/** What ledger_post answered, as a Transfer or the error it means. */
function settle(input: TransferInput, item: PostedTransfer, r: PostResult): Transfer {
  if (r.status === 'insufficient') {
    const needed = -input.legs.filter((l) => !('platform' in l.account) && l.account.userId === r.user_id && l.account.type === r.account_type).reduce((s, l) => s + l.amount, 0);
    throw new InsufficientFunds(r.user_id!, r.account_type as UserAccount, r.balance!, needed);
  }
  if (r.status === 'existing' && r.params_hash !== item.row.params_hash) throw new IdempotencyConflict(input.idempotencyKey);
  return asTransfer({ ...item.row, id: r.transfer_id!, created_at: r.created_at! }, input.legs, r.status === 'existing');
}

/** A user's balances (zero for accounts never used). */
export async function balances(
  db: Knex,
  userId: number,
  currency: string = ledgerCurrency(),
): Promise<{ available: number; held: number; payout_pending: number; currency: string }> {
  const out = { available: 0, held: 0, payout_pending: 0, currency };
  for (const r of await userBalances(db, userId, currency)) out[r.type as UserAccount] = r.balance;
  return out;
}

/**
 * A user's entries, newest first, with the transfer they belong to and the
 * balance right after each. Page with `before` = the last `entry_id` seen.
 */
export async function history(
  db: Knex,
  userId: number,
  opts: { account?: UserAccount; kind?: string; before?: number; limit?: number; from?: Date; to?: Date } = {},
): Promise<HistoryRow[]> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 500);
  return userHistory(db, userId, { ...opts, limit });
}
