import type { Knex } from 'knex';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import { holdForDispute, refundInFull, settleDispute, type ActResult } from '../orders/fulfilment.js';
import { findSellerOrder, lockSellerOrder, type SellerOrderRow } from '../orders/queries.js';
import { orderRefusal } from '../orders/states.js';
import type { DecisionInput } from './forms.js';
import { canDecide, canPostMessage, canRefund, canViewDispute, canWithdraw, disputable, ownsPurchase, partyOf, type Viewer } from './policy.js';
import { dueEscalations, insertDispute, insertMessage, lockDispute, markEscalated, markResolved, unresolvedOf, type DisputeReason, type DisputeRow, type Resolution } from './queries.js';

const DAY = 86_400_000;

export type DisputeResult = { ok: true; dispute: DisputeRow } | { ok: false; message: string; notFound?: boolean };

const missing = { ok: false, message: 'That dispute could not be found.', notFound: true } as const;
const alreadyResolved = { ok: false, message: 'This dispute was already resolved.' } as const;

/** What every dispute event carries: enough for the live pushes and the notifications. */
function payload(d: DisputeRow, orderId: number, extra: Record<string, unknown> = {}) {
  return { disputeId: d.id, sellerOrderId: d.seller_order_id, orderId, buyerId: d.buyer_id, sellerId: d.seller_id, ...extra };
}

async function orderIdOf(trx: Knex.Transaction, d: DisputeRow): Promise<number> {
  return (await findSellerOrder(trx, d.seller_order_id))?.order_id ?? 0;
}

/**
 * The buyer opens a dispute on one seller's part of their order: the dispute,
 * its first message and the order's move to "in dispute" (which pauses the
 * escrow release) commit together or not at all. The seller order row is locked
 * first, so two openings at once give one dispute and one clear refusal.
 */
export async function openDispute(
  db: Knex,
  input: { viewer: Viewer; sellerOrderId: number; reason: DisputeReason; body: string; imageKeys: string[]; escalationDays: number },
): Promise<DisputeResult> {
  return db.transaction(async (trx) => {
    const so = await lockSellerOrder(trx, input.sellerOrderId);
    // somebody else's order reads as missing
    if (!so || !ownsPurchase(input.viewer, so)) return { ok: false, message: 'There is no such order.', notFound: true } as const;
    if (await unresolvedOf(trx, so.id)) return { ok: false, message: 'A dispute is already open on this order.' } as const;
    if (!disputable(so)) return { ok: false, message: refusalToOpen(so) } as const;
    const held = await holdForDispute(trx, so.id, { role: 'buyer', userId: input.viewer.id });
    if (!held.ok) return { ok: false, message: held.message, notFound: held.notFound } as const;
    const now = clock.now();
    const dispute = await insertDispute(trx, {
      seller_order_id: so.id,
      buyer_id: so.buyer_id,
      seller_id: so.seller_id,
      reason: input.reason,
      previous_status: so.status,
      escalate_at: new Date(now.getTime() + input.escalationDays * DAY),
      created_at: now,
    });
    await insertMessage(trx, { dispute_id: dispute.id, author_id: input.viewer.id, body: input.body, image_keys: input.imageKeys, created_at: now });
    await emit(trx, 'dispute.opened', payload(dispute, so.order_id, { userId: so.buyer_id, byId: so.buyer_id, reason: input.reason }));
    return { ok: true, dispute } as const;
  });
}

/** Why this seller order cannot take a dispute now, in the buyer's words. */
export function refusalToOpen(so: Pick<SellerOrderRow, 'status'>): string {
  if (so.status === 'completed') return 'This part of the order is completed and the seller was paid, so a dispute can no longer be opened.';
  if (so.status === 'paid') return 'The seller has not sent this part yet: cancel it instead if you no longer want it.';
  return orderRefusal('dispute', so.status);
}

/** A message from a party (or an admin) while the dispute is not resolved. */
export async function postMessage(db: Knex, input: { viewer: Viewer; disputeId: number; body: string; imageKeys: string[] }): Promise<DisputeResult> {
  return db.transaction(async (trx) => {
    // locked, so a message never lands after the decision that closed the dispute
    const d = await lockDispute(trx, input.disputeId);
    if (!d || !canViewDispute(input.viewer, d)) return missing;
    if (!canPostMessage(input.viewer, d)) return { ok: false, message: 'This dispute is resolved; it takes no more messages.' } as const;
    const at = clock.now();
    const m = await insertMessage(trx, { dispute_id: d.id, author_id: input.viewer.id, body: input.body, image_keys: input.imageKeys, created_at: at });
    await emit(trx, 'dispute.message', payload(d, await orderIdOf(trx, d), { userId: input.viewer.id, byId: input.viewer.id, byRole: partyOf(input.viewer, d), messageId: m.id }));
    return { ok: true, dispute: d } as const;
  });
}

interface Ending {
  resolution: Resolution;
  refund: number;
  /** the order transition that moves the money: exactly one capture or release */
  move: (trx: Knex.Transaction, so: SellerOrderRow) => Promise<ActResult>;
}

/**
 * Ends a dispute: the dispute row is locked and must be unresolved, so of two
 * endings at once exactly one moves money and the other is told it was already
 * resolved. The order's transition (and its one ledger transfer), the dispute's
 * resolution, the audit record and the event commit together.
 */
async function end(
  db: Knex,
  viewer: Viewer,
  disputeId: number,
  allowed: (v: Viewer, d: DisputeRow) => boolean,
  ending: (d: DisputeRow, so: SellerOrderRow) => Ending | { refused: string },
  auditAs?: { reason: string },
): Promise<DisputeResult> {
  return db.transaction(async (trx) => {
    const d = await lockDispute(trx, disputeId);
    if (!d || !canViewDispute(viewer, d)) return missing;
    if (d.status === 'resolved') return alreadyResolved;
    if (!allowed(viewer, d)) return missing;
    const so = await lockSellerOrder(trx, d.seller_order_id);
    if (!so) return missing;
    const e = ending(d, so);
    if ('refused' in e) return { ok: false, message: e.refused } as const;
    const moved = await e.move(trx, so);
    if (!moved.ok) return { ok: false, message: moved.message } as const;
    const at = clock.now();
    const after = await markResolved(trx, d.id, { resolution: e.resolution, refund_amount: e.refund, decided_by: viewer.id, decided_at: at });
    // the row is locked and was unresolved: it cannot be refused here
    if (!after) throw new Error(`dispute ${d.id} resolved while locked`);
    if (auditAs) {
      await audit(trx, {
        actorId: viewer.id,
        action: `dispute.${e.resolution}`,
        subjectType: 'dispute',
        subjectId: d.id,
        reason: auditAs.reason,
        before: { status: d.status, order_status: so.status, refund_amount: null },
        after: { status: after.status, resolution: e.resolution, refund_amount: e.refund, order_status: moved.sellerOrder.status },
      });
    }
    await emit(trx, 'dispute.resolved', payload(after, so.order_id, { userId: viewer.id, byId: viewer.id, byRole: partyOf(viewer, d), resolution: e.resolution, refundAmount: e.refund, currency: so.currency }));
    return { ok: true, dispute: after } as const;
  });
}

/**
 * The seller gives money back: all of it (the order is refunded) or part of it
 * (the order completes, the seller is paid the rest less a proportional commission).
 */
export function sellerRefund(db: Knex, viewer: Viewer, disputeId: number, amount: number): Promise<DisputeResult> {
  const actor = { role: 'seller' as const, userId: viewer.id };
  return end(db, viewer, disputeId, canRefund, (_d, so) => {
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > so.total) return { refused: `Refund between ${formatMoney(1, so.currency)} and ${formatMoney(so.total, so.currency)}, the total of this part.` };
    if (amount === so.total) return { resolution: 'seller_refund', refund: amount, move: (trx, s) => refundInFull(trx, s.id, actor, 'The seller refunded the buyer in full.') };
    return { resolution: 'seller_refund', refund: amount, move: (trx, s) => settleDispute(trx, s.id, actor, amount, 'The seller refunded part of the price.') };
  });
}

/** The buyer withdraws: the seller is paid as if there had been no dispute. */
export function withdraw(db: Knex, viewer: Viewer, disputeId: number): Promise<DisputeResult> {
  return end(db, viewer, disputeId, canWithdraw, () => ({
    resolution: 'withdrawn',
    refund: 0,
    move: (trx, so) => settleDispute(trx, so.id, { role: 'buyer', userId: viewer.id }, 0, 'The buyer withdrew the dispute.'),
  }));
}

/** An admin decides: release to the seller, refund in full, or split; audited with the reason. */
export function decide(db: Knex, viewer: Viewer, disputeId: number, input: DecisionInput): Promise<DisputeResult> {
  const actor = { role: 'admin' as const, userId: viewer.id };
  const why = `Souk decided the dispute: ${input.reason}.`.replace(/\.\.$/, '.');
  return end(
    db,
    viewer,
    disputeId,
    canDecide,
    (_d, so) => {
      switch (input.decision) {
        case 'release':
          return { resolution: 'release', refund: 0, move: (trx, s) => settleDispute(trx, s.id, actor, 0, why) };
        case 'refund':
          return { resolution: 'refund', refund: so.total, move: (trx, s) => refundInFull(trx, s.id, actor, why) };
        case 'split':
          if (input.amount >= so.total) return { refused: `A split refunds less than the total (${formatMoney(so.total, so.currency)}); to give it all back, choose a full refund.` };
          return { resolution: 'split', refund: input.amount, move: (trx, s) => settleDispute(trx, s.id, actor, input.amount, why) };
      }
    },
    { reason: input.reason },
  );
}

/**
 * Escalates every open dispute whose time for the parties to agree has passed,
 * so it reaches the admins' queue first. Safe to run again and alongside
 * itself: each row moves once (a conditional UPDATE), and only that run emits.
 */
export async function escalateDue(db: Knex): Promise<number> {
  let escalated = 0;
  for (const id of await dueEscalations(db, clock.now())) {
    const done = await db.transaction(async (trx) => {
      const d = await markEscalated(trx, id, clock.now());
      if (!d) return false;
      await emit(trx, 'dispute.escalated', payload(d, await orderIdOf(trx, d), { userId: d.buyer_id }));
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}
