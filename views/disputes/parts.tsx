import { formatMoney } from '../../src/lib/money.js';
import type { OrderLineRow } from '../../src/orders/queries.js';
import { statusLabels, type SellerOrderStatus } from '../../src/orders/states.js';
import { DISPUTE_REASONS } from '../../src/disputes/forms.js';
import type { DisputeReason, DisputeStatus, Resolution } from '../../src/disputes/queries.js';
import { badgeClass } from '../components/badge.js';

export const disputeStatusLabels: Record<DisputeStatus, string> = { open: 'Open', escalated: 'Waiting for Souk', resolved: 'Resolved' };

export const resolutionLabels: Record<Resolution, string> = {
  release: 'Souk released the payment to the seller',
  refund: 'Souk refunded the buyer in full',
  split: 'Souk split the payment',
  seller_refund: 'The seller refunded the buyer',
  withdrawn: 'The buyer withdrew the dispute',
};

export const reasonText = (r: DisputeReason): string => DISPUTE_REASONS[r];

export function DisputeBadge(props: { status: DisputeStatus }) {
  return (
    <span class={`${badgeClass(props.status === 'resolved' ? 'ok' : 'warn')} dispute-status dispute-status-${props.status}`} data-status={props.status} safe>
      {disputeStatusLabels[props.status]}
    </span>
  );
}

/** The part of the order the dispute is about: what was bought, its total and where it stands. */
export function OrderPartSummary(props: { orderId: number; sellerOrderId: number; shopName: string; total: number; currency: string; status: string; lines: OrderLineRow[] }) {
  const money = (n: number) => formatMoney(n, props.currency);
  return (
    <section class="card order-part-summary" id={`dispute-order-${props.sellerOrderId}`} aria-labelledby={`dispute-order-${props.sellerOrderId}-title`}>
      <h2 id={`dispute-order-${props.sellerOrderId}-title`} safe>
        {`Order #${props.orderId} from ${props.shopName}`}
      </h2>
      <ul class="order-lines">
        {props.lines.map((l) => (
          <li class="order-line" data-amount={String(l.line_total)}>
            <span class="title" safe>
              {l.title}
            </span>
            {l.variant_label ? <span class="variant-label" safe>{` (${l.variant_label})`}</span> : ''}{' '}
            <span class="qty" safe>{`${l.quantity} × ${money(l.unit_price)} = ${money(l.line_total)}`}</span>
          </li>
        ))}
      </ul>
      <p class="total" data-total={String(props.total)}>
        Total of this part: <strong safe>{money(props.total)}</strong>
        {' · '}
        <span class="order-status" safe>
          {statusLabels[props.status as SellerOrderStatus] ?? props.status}
        </span>
      </p>
    </section>
  );
}
