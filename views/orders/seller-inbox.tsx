import type { InboxRow } from '../../src/orders/inbox-queries.js';
import { INBOX_TABS } from '../../src/orders/inbox-queries.js';
import type { InboxTab } from '../../src/orders/states.js';
import { paths } from '../../src/paths.js';
import { Pager } from '../components/pager.js';
import { TabBar } from '../components/tabs.js';
import { Time } from '../components/time.js';
import { money, OrderStatusBadge, sellerAmount } from './seller-status.js';

export interface InboxProps {
  tab: InboxTab;
  counts: Record<InboxTab, number>;
  rows: InboxRow[];
  /** the id to page on from, when there are more */
  more: number | null;
}

export const tabLabels: Record<InboxTab, string> = {
  new: 'New',
  to_ship: 'To ship',
  shipped: 'Shipped',
  completed: 'Completed',
  problems: 'Problems',
};

const tabQuery = (tab: InboxTab, before?: number) => {
  const p = new URLSearchParams();
  if (tab !== 'new') p.set('tab', tab);
  if (before) p.set('before', String(before));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** Tabs, counts and the table; re-fetched as a whole on the seller's `orders` signal and when the live stream (re)opens. */
export function InboxList(props: InboxProps) {
  return (
    <div id="seller-orders" hx-get={`${paths.sellerOrderList()}${tabQuery(props.tab)}`} hx-trigger="sse:orders, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
      <TabBar label="Order states" current={props.tab} tabs={INBOX_TABS.map((t) => ({ key: t, label: tabLabels[t], href: `${paths.sellerOrders()}${tabQuery(t)}`, count: props.counts[t] }))} />
      {props.rows.length === 0 ? (
        <p class="empty" id="no-orders">
          No orders in this tab.
        </p>
      ) : (
        <table class="cards" id="orders-table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Buyer</th>
              <th scope="col">Paid</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
              <th scope="col">You receive</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`seller-order-row-${r.id}`} data-status={r.status}>
                <th scope="row">
                  <a href={paths.sellerOrder(r.id)} safe>
                    {`#${r.order_id}`}
                  </a>
                </th>
                <td data-label="Buyer" class="buyer" safe>
                  {r.buyer_name}
                </td>
                <td data-label="Paid">
                  <Time at={r.paid_at} />
                </td>
                <td data-label="Items" class="items" safe>
                  {r.items}
                </td>
                <td data-label="Total" class="total" safe>
                  {money(r.total, r.currency)}
                </td>
                <td data-label="You receive" class="receive" safe>
                  {money(sellerAmount(r), r.currency)}
                </td>
                <td data-label="Status">
                  <OrderStatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Order pages" older={props.more ? `${paths.sellerOrders()}${tabQuery(props.tab, props.more)}` : null} olderId="older-orders" olderText="Older orders" />
    </div>
  );
}

export function SellerInboxPage(props: InboxProps) {
  return (
    <section>
      <h1>Orders</h1>
      <InboxList {...props} />
    </section>
  );
}
