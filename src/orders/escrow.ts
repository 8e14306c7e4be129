import type { Knex } from 'knex';
import { captureHold, releaseHold } from '../ledger/ledger.js';
import type { SellerOrderRow } from './queries.js';

/**
 * The commission on what the seller keeps after refunding `refund` of `total`:
 * proportional, rounded down, in integer arithmetic.
 */
export function commissionAfterRefund(commission: number, total: number, refund: number): number {
  if (total <= 0 || refund >= total) return 0;
  if (refund <= 0) return commission;
  return Number((BigInt(commission) * BigInt(total - refund)) / BigInt(total));
}

/**
 * Pays the seller from escrow: what was held for this seller order, less any
 * refund, goes to the seller's available balance minus the commission, which goes
 * to platform revenue; a refunded part returns to the buyer. One transfer, once.
 */
export async function captureEscrow(trx: Knex.Transaction, so: SellerOrderRow, refund = 0): Promise<{ sellerAmount: number; commission: number }> {
  if (!so.hold_id) return { sellerAmount: 0, commission: 0 };
  const keep = so.total - refund;
  if (keep <= 0) {
    await releaseHold(trx, { idempotencyKey: `escrow-release:${so.id}`, holdId: so.hold_id, memo: `Order #${so.order_id}: refunded` });
    return { sellerAmount: 0, commission: 0 };
  }
  const commission = Math.min(commissionAfterRefund(so.commission, so.total, refund), keep);
  await captureHold(trx, {
    idempotencyKey: `escrow-capture:${so.id}`,
    holdId: so.hold_id,
    amount: keep,
    to: { userId: so.seller_id, type: 'available' },
    fee: commission > 0 ? { amount: commission, to: { platform: 'revenue' } } : undefined,
    memo: `Order #${so.order_id}: sale${refund > 0 ? ' after a partial refund' : ''}`,
  });
  return { sellerAmount: keep - commission, commission };
}

/** Gives the whole escrow back to the buyer (a cancellation or a full refund). */
export async function returnEscrow(trx: Knex.Transaction, so: SellerOrderRow): Promise<void> {
  if (!so.hold_id) return;
  await releaseHold(trx, { idempotencyKey: `escrow-release:${so.id}`, holdId: so.hold_id, memo: `Order #${so.order_id}: money back` });
}
