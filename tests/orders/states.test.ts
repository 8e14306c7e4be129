import { describe, expect, it } from 'vitest';
import { canMove, orderTransitions, SELLER_ORDER_STATUSES, type OrderAction, type SellerOrderStatus } from '../../src/orders/states.js';

/** The seller order life cycle, written out state by state (independently of the table in src/orders/states.ts). */
const allowed: Record<SellerOrderStatus, OrderAction[]> = {
  awaiting_payment: ['pay', 'cancel'],
  paid: ['accept', 'ship', 'deliver', 'cancel', 'refund'],
  accepted: ['ship', 'complete', 'cancel', 'dispute', 'refund'],
  shipped: ['deliver', 'complete', 'dispute', 'refund'],
  delivered: ['complete', 'dispute', 'refund'],
  completed: [],
  cancelled: [],
  disputed: ['settle', 'refund'],
  refunded: [],
};

const actions = Object.keys(orderTransitions) as OrderAction[];

describe('the seller order state machine', () => {
  const cases = SELLER_ORDER_STATUSES.flatMap((status) => actions.map((action) => ({ status, action, ok: allowed[status].includes(action) })));

  it.each(cases)('$action from $status: allowed=$ok', ({ status, action, ok }) => {
    expect(canMove(action, status)).toBe(ok);
    expect((orderTransitions[action].from as readonly string[]).includes(status)).toBe(ok);
  });

  it('ends in a final state only through its own action, and final states go nowhere', () => {
    for (const s of ['completed', 'cancelled', 'refunded'] as const) expect(actions.filter((a) => canMove(a, s))).toEqual([]);
    expect(orderTransitions.complete.to).toBe('completed');
    expect(orderTransitions.settle.to).toBe('completed');
    expect(orderTransitions.cancel.to).toBe('cancelled');
    expect(orderTransitions.refund.to).toBe('refunded');
  });
});
