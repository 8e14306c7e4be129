import { conversationsPaths } from '../../src/conversations/paths.js';
import type { Entitlement } from '../../src/downloads/queries.js';
import { dayText } from '../../src/lib/days.js';
import { formatMoney } from '../../src/lib/money.js';
import type { MoneyMoved } from '../../src/orders/money-moved.js';
import type { PartDispute } from '../../src/orders/part-disputes.js';
import type { OrderLineRow, SellerOrderRow } from '../../src/orders/queries.js';
import { canMove } from '../../src/orders/states.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { DownloadBox } from '../downloads/download-box.js';
import { liveOrderPart, orderFormTarget } from './buyer-live.js';
import { StatusBadge } from './buyer-status.js';
import { EscrowMoney } from './escrow-money.js';
import { PartDisputeNote } from './part-dispute.js';

export interface PartError {
  form?: string;
  reason?: string;
  /** the reason as typed */
  value?: string;
}

const fulfilmentText: Record<SellerOrderRow['fulfilment'], string> = { ship: 'Shipped goods', digital: 'Downloads', service: 'Booked service' };
const bookingText = { requested: 'waiting for the seller', accepted: 'accepted', declined: 'declined' } as const;


/** Whether the buyer may confirm receipt now: shipped or delivered goods, or a service the seller accepted. */
export const mayConfirm = (so: Pick<SellerOrderRow, 'status' | 'fulfilment'>): boolean =>
  so.status === 'shipped' || so.status === 'delivered' || (so.status === 'accepted' && so.fulfilment === 'service');
/** Whether the buyer may cancel the part: paid but not shipped yet. */
export const mayCancel = (so: Pick<SellerOrderRow, 'status'>): boolean => so.status !== 'awaiting_payment' && canMove('cancel', so.status);
/** Whether the buyer may report a problem (open a dispute). */
export const mayReport = (so: Pick<SellerOrderRow, 'status'>): boolean => so.status === 'shipped' || so.status === 'delivered' || so.status === 'accepted';

function Line(props: { line: OrderLineRow; currency: string; entitlement?: Entitlement; csrf: string }) {
  const l = props.line;
  const money = (n: number) => formatMoney(n, props.currency);
  return (
    <li class="order-line" id={`order-line-${l.id}`} data-amount={String(l.line_total)}>
      <span class="title" safe>
        {l.title}
      </span>
      {l.variant_label ? <span class="variant-label" safe>{` (${l.variant_label})`}</span> : ''}{' '}
      <span class="qty" safe>{`${l.quantity} × ${money(l.unit_price)} = ${money(l.line_total)}`}</span>
      {l.booking_date || l.booking_note ? (
        <p class="booking">
          {l.booking_date ? <span safe>{`Preferred date: ${dayText(l.booking_date)}`}</span> : ''}
          {l.booking_status ? <span safe>{` (${bookingText[l.booking_status]})`}</span> : ''}
          {l.booking_note ? (
            <>
              <br />
              Note: <span safe>{l.booking_note}</span>
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      {props.entitlement ? <DownloadBox entitlement={props.entitlement} csrf={props.csrf} /> : ''}
    </li>
  );
}

/**
 * One seller's part of the buyer's order (stable id `seller-order-<id>`, live): its
 * lines, shipping, status, tracking, downloads and what the buyer can do with it.
 */
export function BuyerOrderPart(props: {
  csrf: string;
  part: SellerOrderRow;
  shopName: string;
  lines: OrderLineRow[];
  entitlements: Map<number, Entitlement>;
  money?: MoneyMoved;
  dispute?: PartDispute;
  error?: PartError;
}) {
  const so = props.part;
  const id = `seller-order-${so.id}`;
  const money = (n: number) => formatMoney(n, so.currency);
  return (
    <section id={id} class="card seller-order" data-status={so.status} data-fulfilment={so.fulfilment} aria-labelledby={`${id}-title`} {...liveOrderPart(so.order_id, id)}>
      <h2 id={`${id}-title`}>
        <span safe>{props.shopName}</span> <StatusBadge status={so.status} />
      </h2>
      <p class="meta" safe>
        {fulfilmentText[so.fulfilment]}
      </p>
      <ul class="order-lines">
        {props.lines.map((l) => (
          <Line line={l} currency={so.currency} entitlement={props.entitlements.get(l.id)} csrf={props.csrf} />
        ))}
      </ul>
      <p class="meta">
        {so.needs_shipping ? <span safe>{`Shipping: ${so.shipping === 0 ? 'free' : money(so.shipping)} · `}</span> : ''}
        Total: <span class="part-total" data-amount={String(so.total)} safe>{money(so.total)}</span>
        {so.refunded_amount > 0 ? <span safe>{` · refunded ${money(so.refunded_amount)}`}</span> : ''}
      </p>
      <EscrowMoney sellerOrderId={so.id} money={props.money} currency={so.currency} viewer="buyer" />
      <PartDisputeNote sellerOrderId={so.id} dispute={props.dispute} currency={so.currency} />
      {so.carrier && so.tracking_number ? (
        <p class="tracking" id={`${id}-tracking`}>
          Shipped with <strong safe>{so.carrier}</strong>, tracking number <strong safe>{so.tracking_number}</strong>
        </p>
      ) : (
        ''
      )}
      {so.status === 'cancelled' && so.cancel_reason ? <p class="meta" safe>{`Cancelled: ${so.cancel_reason}`}</p> : ''}
      <FormError message={props.error?.form} />
      <div class="actions">
        {mayConfirm(so) ? (
          <form method="post" action={paths.sellerOrderReceipt(so.id)} hx-post={paths.sellerOrderReceipt(so.id)} {...orderFormTarget(so.order_id)} class="inline receipt-form">
            <Csrf token={props.csrf} />
            <IdempotencyField />
            <button type="submit">{so.fulfilment === 'service' ? 'Confirm the service was provided' : 'Confirm receipt'}</button>
          </form>
        ) : (
          ''
        )}
        {mayReport(so) ? (
          <a href={paths.sellerOrderDisputeForm(so.id)} class="report-problem">
            Report a problem
          </a>
        ) : (
          ''
        )}
        <a href={conversationsPaths.sellerOrderConversation(so.id)} class="message-link">
          Message the seller
        </a>
        {mayCancel(so) ? (
          <form method="post" action={paths.sellerOrderCancellation(so.id)} hx-post={paths.sellerOrderCancellation(so.id)} {...orderFormTarget(so.order_id)} class="cancel-form" novalidate>
            <Csrf token={props.csrf} />
            <IdempotencyField />
            <Field label="Reason (optional)" name="reason" value={props.error?.value} error={props.error?.reason} maxlength={500} />
            <button type="submit" class="secondary">
              Cancel this part
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    </section>
  );
}
