import type { Knex } from 'knex';
import { randomToken } from '../../src/lib/ids.js';
import { transfer, type Transfer, type TransferInput } from '../../src/ledger/ledger.js';

/** Money in from the gateway: clearing → the user's available balance. */
export function topUp(db: Knex, userId: number, amount: number, key = `topup:${randomToken(8)}`): Promise<Transfer> {
  return db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: key,
      kind: 'topup',
      legs: [
        { account: { platform: 'gateway_clearing' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}

/** Outbox rows of one topic, oldest first. */
export async function events(db: Knex, topic: string): Promise<Record<string, unknown>[]> {
  const rows = await db('outbox').select('payload').where({ topic }).orderBy('id');
  return rows.map((r) => r.payload);
}

export async function counts(db: Knex): Promise<{ transfers: number; entries: number }> {
  const [{ transfers }] = await db('ledger_transfers').count<{ transfers: string }[]>({ transfers: '*' });
  const [{ entries }] = await db('ledger_entries').count<{ entries: string }[]>({ entries: '*' });
  return { transfers: Number(transfers), entries: Number(entries) };
}

/** A payment of `amount` from one user's available balance to another's. */
export const pay = (key: string, from: number, to: number, amount: number): TransferInput => ({
  idempotencyKey: key,
  kind: 'payment',
  reference: { type: 'test', id: key },
  legs: [
    { account: { userId: from, type: 'available' }, amount: -amount },
    { account: { userId: to, type: 'available' }, amount },
  ],
});
