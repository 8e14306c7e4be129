import { formatMoney } from '../../src/lib/money.js';
import type { BuyerOrderSummary } from '../../src/orders/buyer-queries.js';
import { paths } from '../../src/paths.js';
import { Pager } from '../components/pager.js';
import { Time } from '../components/time.js';
import { OrderStatusBadge, StatusBadge } from './buyer-status.js';

/** The buyer's orders, newest first (stable id `my-orders`, refreshed on the `orders` signal). */
export function BuyerOrdersPage(props: { orders: BuyerOrderSummary[]; next: number | null; paged: boolean }) {
  return (
    <section id="my-orders" hx-get={paths.orders()} hx-select="#my-orders" hx-trigger="sse:orders, htmx:sseOpen from:body" hx-swap="outerHTML" hx-disinherit="*">
      <h1>Your orders</h1>
      {props.orders.length ? (
        <ol class="order-list">
          {props.orders.map((o) => (
            <li id={`my-order-${o.id}`} data-status={o.status}>
              <a href={paths.order(o.id)} safe>{`Order #${o.id}`}</a> · <Time at={o.created_at} /> ·{' '}
              <span class="total" data-amount={String(o.total)} safe>
                {formatMoney(o.total, o.currency)}
              </span>{' '}
              {o.status === 'paid' ? '' : <OrderStatusBadge status={o.status} />}
              <ul class="part-badges">
                {o.parts.map((p) => (
                  <li id={`my-order-part-${p.id}`}>
                    <StatusBadge status={p.status} shop={p.shop_name} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">
          You have not ordered anything yet. <a href={paths.search()}>Find something to buy</a>.
        </p>
      )}
      <Pager label="Order pages" newest={props.paged ? paths.orders() : null} older={props.next ? `${paths.orders()}?before=${props.next}` : null} olderId="orders-older" />
    </section>
  );
}
