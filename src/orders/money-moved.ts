import type { Knex } from 'knex';
import { escrowLegs, type SellerOrderRow } from './queries.js';

/**
 * What happened to a seller order's escrow, as the ledger has it: still held, or
 * the legs of the transfer that resolved the hold (what the seller received, the
 * commission, what went back to the buyer). The amounts are the posted entries,
 * so the pages show the money that moved, not a recomputation of it.
 */
export type MoneyMoved =
  | { state: 'held'; held: number }
  | { state: 'captured' | 'released'; at: Date; held: number; sellerReceived: number; commission: number; returnedToBuyer: number };

export async function moneyMoved(db: Knex | Knex.Transaction, parts: readonly Pick<SellerOrderRow, 'id' | 'hold_id' | 'seller_id'>[]): Promise<Map<number, MoneyMoved>> {
  const out = new Map<number, MoneyMoved>();
  const byHold = new Map(parts.filter((p) => p.hold_id !== null).map((p) => [p.hold_id!, p]));
  for (const leg of await escrowLegs(db, [...byHold.keys()])) {
    const so = byHold.get(leg.hold_id)!;
    if (leg.status === 'open') {
      out.set(so.id, { state: 'held', held: leg.held });
      continue;
    }
    const m = out.get(so.id) ?? { state: leg.status, at: leg.resolved_at!, held: leg.held, sellerReceived: 0, commission: 0, returnedToBuyer: 0 };
    if (m.state !== 'held' && leg.amount !== null && leg.amount > 0) {
      if (leg.account_user_id === null && leg.account_type === 'revenue') m.commission += leg.amount;
      else if (leg.account_user_id === so.seller_id && leg.account_type === 'available') m.sellerReceived += leg.amount;
      else if (leg.account_user_id === leg.holder_id && leg.account_type === 'available') m.returnedToBuyer += leg.amount;
    }
    out.set(so.id, m);
  }
  return out;
}
