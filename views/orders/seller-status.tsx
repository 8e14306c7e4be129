import { formatMoney } from '../../src/lib/money.js';
import { commissionAfterRefund } from '../../src/orders/escrow.js';
import { statusLabels, type SellerOrderStatus } from '../../src/orders/states.js';
import { badgeClass, statusTone } from '../components/badge.js';

/** A seller order's status as a badge (the status name is also in `data-status`). */
export function OrderStatusBadge(props: { status: SellerOrderStatus }) {
  return (
    <span class={`${badgeClass(statusTone(props.status))} status status-${props.status}`} data-status={props.status} safe>
      {statusLabels[props.status]}
    </span>
  );
}

/** What the seller keeps of a part: its total less any refund, less the commission on what is left. */
export function sellerAmount(so: { total: number; commission: number; refunded_amount: number }): number {
  const kept = so.total - so.refunded_amount;
  return kept - Math.min(commissionAfterRefund(so.commission, so.total, so.refunded_amount), kept);
}

export const money = (amount: number, currency: string) => formatMoney(amount, currency);
