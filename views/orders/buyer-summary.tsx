import { formatMoney } from '../../src/lib/money.js';
import type { OrderRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { Address } from '../addresses/address.js';
import { AmountEntry } from '../components/amount.js';
import { Csrf, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { Time } from '../components/time.js';
import { liveOrderPart, orderFormTarget } from './buyer-live.js';
import { OrderStatusBadge } from './buyer-status.js';

function paidWith(o: OrderRow): string {
  const money = (n: number) => formatMoney(n, o.currency);
  if (o.wallet_amount > 0 && o.card_amount > 0) return `${money(o.wallet_amount)} from your wallet and ${money(o.card_amount)} by card`;
  if (o.card_amount > 0) return `${money(o.card_amount)} by card`;
  return `${money(o.wallet_amount)} from your wallet`;
}

/**
 * The order as a whole (stable id `order-<id>-summary`, live): status, totals, how
 * it is paid, where it goes and, while unpaid, the card payment and cancellation.
 */
export function OrderSummary(props: { csrf: string; order: OrderRow; error?: string }) {
  const o = props.order;
  const id = `order-${o.id}-summary`;
  const money = (n: number) => formatMoney(n, o.currency);
  return (
    <section id={id} class="card order-summary" data-status={o.status} aria-labelledby={`${id}-title`} {...liveOrderPart(o.id, id)}>
      <h2 id={`${id}-title`}>
        Order <OrderStatusBadge status={o.status} />
      </h2>
      <p class="meta">
        Placed <Time at={o.created_at} />
      </p>
      <dl class="order-totals">
        <AmountEntry label="Items" amount={o.items_total} currency={o.currency} />
        <AmountEntry label="Shipping" amount={o.shipping_total} currency={o.currency} text={o.shipping_total === 0 ? 'Free' : undefined} />
        <AmountEntry label="Total" id={`order-${o.id}-total`} amount={o.total} currency={o.currency} />
        <dt>{o.status === 'paid' ? 'Paid' : 'Paying'}</dt>
        <dd id={`order-${o.id}-paid-with`} safe>
          {paidWith(o)}
        </dd>
      </dl>
      <h3>Shipping address</h3>
      {o.shipping_address ? <Address a={o.shipping_address} id={`order-${o.id}-address`} /> : <p class="meta">Nothing in this order is shipped.</p>}
      <FormError message={props.error} />
      {o.status === 'awaiting_payment' ? (
        <div class="notice" id={`order-${o.id}-awaiting`}>
          <p>
            {o.payment_id ? 'Waiting for your card payment to be confirmed. This page updates by itself.' : 'This order waits for your card payment.'} The items are reserved for you until{' '}
            <Time at={o.reserved_until} />.
          </p>
          <div class="actions">
            <form method="post" action={paths.orderPayment(o.id)} class="inline pay-form">
              <Csrf token={props.csrf} />
              <button type="submit" safe>{`Pay ${money(o.card_amount)} by card`}</button>
            </form>
            <form method="post" action={paths.orderCancellation(o.id)} hx-post={paths.orderCancellation(o.id)} {...orderFormTarget(o.id)} class="inline cancel-order-form">
              <Csrf token={props.csrf} />
              <IdempotencyField />
              <button type="submit" class="secondary">
                Cancel order
              </button>
            </form>
          </div>
        </div>
      ) : (
        ''
      )}
      {o.status === 'cancelled' ? <p class="meta" safe>{`Cancelled${o.cancel_reason ? `: ${o.cancel_reason}` : ''}.`}</p> : ''}
    </section>
  );
}
