import type { FieldErrors } from '../../src/http/validate.js';
import type { AdminOrderRow, OrderTransferRow, PartyRow } from '../../src/orders/admin-queries.js';
import type { OrderEventRow, OrderLineRow, OrderRow, SellerOrderRow } from '../../src/orders/queries.js';
import { SELLER_ORDER_STATUSES, statusLabels } from '../../src/orders/states.js';
import { paths } from '../../src/paths.js';
import { Field } from '../components/field.js';
import { Pager } from '../components/pager.js';
import { Time } from '../components/time.js';
import { money, OrderStatusBadge } from './seller-status.js';

export interface AdminOrdersProps {
  rows: AdminOrderRow[];
  /** the filter form as typed */
  values: Record<string, string>;
  errors: FieldErrors;
  /** the query string of the next page, when there is one */
  next: string | null;
}

export function AdminOrdersPage(props: AdminOrdersProps) {
  const v = props.values;
  return (
    <section>
      <h1>Orders</h1>
      <form method="get" action={paths.adminOrders()} id="order-filters" class="filters" role="search">
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            {SELLER_ORDER_STATUSES.map((s) => (
              <option value={s} selected={v.status === s} safe>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Order number" name="order" value={v.order} error={props.errors.order} inputmode="numeric" maxlength={20} />
        <Field label="Seller email or shop" name="seller" value={v.seller} error={props.errors.seller} maxlength={200} />
        <Field label="Buyer email" name="buyer" value={v.buyer} error={props.errors.buyer} maxlength={200} />
        <Field label="From (YYYY-MM-DD)" name="from" value={v.from} error={props.errors.from} maxlength={10} />
        <Field label="To (YYYY-MM-DD, inclusive)" name="to" value={v.to} error={props.errors.to} maxlength={10} />
        <button type="submit">Filter</button> <a href={paths.adminOrders()}>Clear</a>
      </form>
      {props.rows.length === 0 ? (
        <p class="empty" id="no-orders">
          No orders match.
        </p>
      ) : (
        <table class="cards" id="admin-orders">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Part</th>
              <th scope="col">Placed</th>
              <th scope="col">Seller</th>
              <th scope="col">Buyer</th>
              <th scope="col">Total</th>
              <th scope="col">Commission</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`admin-seller-order-${r.id}`} data-status={r.status}>
                <th scope="row">
                  <a href={paths.adminOrder(r.order_id)} safe>
                    {`#${r.order_id}`}
                  </a>
                </th>
                <td data-label="Part" safe>{`${r.id} · ${r.fulfilment}`}</td>
                <td data-label="Placed">
                  <Time at={r.created_at} />
                </td>
                <td data-label="Seller" class="seller">
                  <span safe>{r.shop_name ?? ''}</span> <span class="meta" safe>{r.seller_email}</span>
                </td>
                <td data-label="Buyer" class="buyer" safe>
                  {r.buyer_email}
                </td>
                <td data-label="Total" safe>{money(r.total, r.currency)}</td>
                <td data-label="Commission" safe>{money(r.commission, r.currency)}</td>
                <td data-label="Status">
                  <OrderStatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Order pages" older={props.next ? `${paths.adminOrders()}?${props.next}` : null} olderId="next-page" olderText="Older orders" />
    </section>
  );
}

export interface AdminOrderProps {
  order: OrderRow;
  parts: SellerOrderRow[];
  lines: OrderLineRow[];
  events: OrderEventRow[];
  transfers: OrderTransferRow[];
  people: Map<number, PartyRow>;
}

function Person(props: { p?: PartyRow }) {
  if (!props.p) return '';
  return (
    <a href={paths.adminUser(props.p.id)}>
      <span safe>{props.p.display_name}</span> (<span safe>{props.p.email}</span>){props.p.shop_name ? <span safe>{` · ${props.p.shop_name}`}</span> : ''}
    </a>
  );
}

export function AdminOrderPage(props: AdminOrderProps) {
  const o = props.order;
  return (
    <section id={`admin-order-${o.id}`} data-status={o.status}>
      <p>
        <a href={paths.adminOrders()}>← Orders</a>
      </p>
      <h1 safe>{`Order #${o.id}`}</h1>
      <dl class="money">
        <dt>Buyer</dt>
        <dd id="order-buyer">
          <Person p={props.people.get(o.buyer_id)} />
        </dd>
        <dt>Status</dt>
        <dd>{o.status}</dd>
        <dt>Placed</dt>
        <dd>
          <Time at={o.created_at} />
        </dd>
        <dt>Total</dt>
        <dd safe>{`${money(o.total, o.currency)} (wallet ${money(o.wallet_amount, o.currency)}, card ${money(o.card_amount, o.currency)})`}</dd>
        {o.cancel_reason ? (
          <>
            <dt>Cancelled</dt>
            <dd safe>{o.cancel_reason}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {props.parts.map((so) => (
        <section id={`admin-part-${so.id}`} class="card" data-status={so.status}>
          <h2>
            Part {so.id} · <OrderStatusBadge status={so.status} />
          </h2>
          <p class="meta">
            Seller <Person p={props.people.get(so.seller_id)} /> · {so.fulfilment} · total <span safe>{money(so.total, so.currency)}</span> · commission <span safe>{money(so.commission, so.currency)}</span>
            {so.refunded_amount ? (
              <>
                {' '}
                · refunded <span safe>{money(so.refunded_amount, so.currency)}</span>
              </>
            ) : (
              ''
            )}
          </p>
          {so.carrier ? <p safe>{`Shipped with ${so.carrier}, ${so.tracking_number ?? ''}`}</p> : ''}
          <ul>
            {props.lines
              .filter((l) => l.seller_order_id === so.id)
              .map((l) => (
                <li id={`admin-line-${l.id}`}>
                  <span safe>{`${l.title}${l.variant_label ? ` · ${l.variant_label}` : ''}`}</span> × {l.quantity} · <span safe>{money(l.line_total, so.currency)}</span> · commission{' '}
                  <span safe>{`${money(l.commission_amount, so.currency)} (${l.commission_rate_bp / 100}%)`}</span>
                </li>
              ))}
          </ul>
        </section>
      ))}
      <h2>Timeline</h2>
      <ol id="order-timeline" class="timeline">
        {props.events.map((e) => (
          <li data-type={e.type}>
            <Time at={e.created_at} /> {e.seller_order_id ? <span class="meta">part {e.seller_order_id}</span> : ''} <span safe>{e.message}</span>
          </li>
        ))}
      </ol>
      <h2>Ledger transfers</h2>
      {props.transfers.length === 0 ? (
        <p class="empty" id="no-transfers">
          No money has moved for this order.
        </p>
      ) : (
        <table class="cards" id="order-transfers">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Key</th>
              <th scope="col">Legs</th>
              <th scope="col">Memo</th>
            </tr>
          </thead>
          <tbody>
            {props.transfers.map((t) => (
              <tr id={`transfer-${t.id}`} data-kind={t.kind}>
                <td data-label="When">
                  <Time at={t.created_at} />
                </td>
                <td data-label="Kind" class="kind" safe>
                  {t.kind}
                </td>
                <td data-label="Key" class="key" safe>
                  {t.idempotency_key}
                </td>
                <td data-label="Legs">
                  <ul class="legs">
                    {t.legs.map((l) => (
                      <li data-amount={String(l.amount)}>
                        <span safe>{l.account}</span> <span safe>{`${l.amount > 0 ? '+' : '−'}${money(Math.abs(l.amount), t.currency)}`}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label="Memo" safe>{t.memo ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
