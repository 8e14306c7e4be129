import type { Knex } from 'knex';
import { holdByCreatedTransfer, insertHold, lockHold, resolveHold, type HoldRow } from './queries.js';
import { InvalidTransfer, ledgerCurrency, transfer, type AccountRef, type Leg } from './ledger.js';

export type { HoldRow } from './queries.js';

/** The hold was already captured or released (by another request); nothing was moved. */
export class HoldAlreadyResolved extends Error {
  constructor(
    readonly holdId: number,
    readonly status: 'captured' | 'released',
  ) {
    super(`That hold was already ${status}.`);
    this.name = 'HoldAlreadyResolved';
  }
}

/** There is no hold with that id. */
export class HoldNotFound extends Error {
  constructor(readonly holdId: number) {
    super(`There is no hold ${holdId}.`);
    this.name = 'HoldNotFound';
  }
}

/**
 * Moves `amount` from the user's available balance to held (throws
 * InsufficientFunds when it is not there). The same key returns the same hold.
 */
export async function placeHold(
  trx: Knex.Transaction,
  input: { idempotencyKey: string; userId: number; amount: number; reference?: { type: string; id: string | number }; currency?: string; memo?: string },
): Promise<{ holdId: number; replayed: boolean }> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new InvalidTransfer(`a hold needs a positive amount, got ${input.amount}`);
  const t = await transfer(trx, {
    idempotencyKey: input.idempotencyKey,
    kind: 'hold',
    reference: input.reference,
    currency: input.currency,
    memo: input.memo,
    legs: [
      { account: { userId: input.userId, type: 'available' }, amount: -input.amount },
      { account: { userId: input.userId, type: 'held' }, amount: input.amount },
    ],
  });
  if (t.replayed) {
    const hold = await holdByCreatedTransfer(trx, t.id);
    if (!hold) throw new InvalidTransfer(`the key ${input.idempotencyKey} belongs to a transfer that is not a hold`);
    return { holdId: hold.id, replayed: true };
  }
  const holdId = await insertHold(trx, {
    user_id: input.userId,
    amount: input.amount,
    currency: input.currency ?? ledgerCurrency(),
    reference_type: t.reference_type,
    reference_id: t.reference_id,
    created_transfer_id: t.id,
    created_at: t.created_at,
  });
  return { holdId, replayed: false };
}

/**
 * Resolves a hold once. The hold row is locked first, so a capture and a release
 * racing for the same hold queue up: the first wins, the second either replays
 * (same key) or gets HoldAlreadyResolved.
 */
async function resolve(
  trx: Knex.Transaction,
  idempotencyKey: string,
  holdId: number,
  status: 'captured' | 'released',
  legsFor: (hold: HoldRow) => Leg[],
  capturedAmount: number | null,
): Promise<{ replayed: boolean }> {
  const hold = await lockHold(trx, holdId);
  if (!hold) throw new HoldNotFound(holdId);
  const legs = legsFor(hold);
  const kind = status === 'captured' ? 'capture' : 'release';
  const input = { idempotencyKey, kind, reference: { type: 'hold', id: holdId }, currency: hold.currency, legs };
  if (hold.status !== 'open') {
    if (hold.resolved_key !== idempotencyKey) throw new HoldAlreadyResolved(holdId, hold.status);
    // the same operation again: transfer() answers the replay, or a conflict if the details differ
    await transfer(trx, input);
    return { replayed: true };
  }
  const t = await transfer(trx, input);
  // a key already spent on some other movement is not this hold's resolution
  if (t.replayed) throw new InvalidTransfer(`the key ${idempotencyKey} was already used for another transfer`);
  const done = await resolveHold(trx, holdId, { status, captured_amount: capturedAmount, resolved_transfer_id: t.id, resolved_at: t.created_at });
  if (!done) throw new HoldAlreadyResolved(holdId, status);
  return { replayed: false };
}

/**
 * Captures `amount` (1 … held) of the hold: `amount - fee.amount` goes to `to`,
 * `fee.amount` to `fee.to`, and whatever was held beyond `amount` goes back to
 * the user's available balance. Exactly once per hold.
 */
export async function captureHold(
  trx: Knex.Transaction,
  input: { idempotencyKey: string; holdId: number; amount: number; to: AccountRef; fee?: { amount: number; to: AccountRef }; memo?: string },
): Promise<{ replayed: boolean }> {
  const fee = input.fee?.amount ?? 0;
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new InvalidTransfer(`a capture needs a positive amount, got ${input.amount}`);
  if (!Number.isSafeInteger(fee) || fee < 0 || fee > input.amount) throw new InvalidTransfer(`the fee must be between 0 and the captured amount, got ${fee}`);
  return resolve(
    trx,
    input.idempotencyKey,
    input.holdId,
    'captured',
    (hold) => {
      if (input.amount > hold.amount) throw new InvalidTransfer(`cannot capture ${input.amount} of a hold of ${hold.amount}`);
      const legs: Leg[] = [{ account: { userId: hold.user_id, type: 'held' }, amount: -hold.amount }];
      if (input.amount - fee > 0) legs.push({ account: input.to, amount: input.amount - fee });
      if (fee > 0) legs.push({ account: input.fee!.to, amount: fee });
      if (hold.amount > input.amount) legs.push({ account: { userId: hold.user_id, type: 'available' }, amount: hold.amount - input.amount });
      return legs;
    },
    input.amount,
  );
}

/** Gives the whole hold back to the user's available balance. Exactly once per hold. */
export async function releaseHold(trx: Knex.Transaction, input: { idempotencyKey: string; holdId: number; memo?: string }): Promise<{ replayed: boolean }> {
  return resolve(
    trx,
    input.idempotencyKey,
    input.holdId,
    'released',
    (hold) => [
      { account: { userId: hold.user_id, type: 'held' }, amount: -hold.amount },
      { account: { userId: hold.user_id, type: 'available' }, amount: hold.amount },
    ],
    null,
  );
}
