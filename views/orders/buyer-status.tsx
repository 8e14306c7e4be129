import { statusLabels, type SellerOrderStatus } from '../../src/orders/states.js';
import type { OrderStatus } from '../../src/orders/queries.js';
import { badgeClass, statusTone } from '../components/badge.js';

const orderLabels: Record<OrderStatus, string> = { awaiting_payment: 'Awaiting payment', paid: 'Paid', cancelled: 'Cancelled' };

/** A seller order's status as a small badge (`data-status` carries the machine value). */
export function StatusBadge(props: { status: SellerOrderStatus; shop?: string }) {
  return (
    <span class={`${badgeClass(statusTone(props.status))} status status-${props.status}`} data-status={props.status} safe>
      {props.shop ? `${props.shop}: ${statusLabels[props.status]}` : statusLabels[props.status]}
    </span>
  );
}

/** The whole order's payment status. */
export function OrderStatusBadge(props: { status: OrderStatus }) {
  return (
    <span class={`${badgeClass(statusTone(props.status))} status order-status-${props.status}`} data-status={props.status} safe>
      {orderLabels[props.status]}
    </span>
  );
}
