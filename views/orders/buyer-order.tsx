import type { DocumentWithParties } from '../../src/documents/queries.js';
import type { Entitlement } from '../../src/downloads/queries.js';
import type { MoneyMoved } from '../../src/orders/money-moved.js';
import type { PartDispute } from '../../src/orders/part-disputes.js';
import type { OrderEventRow, OrderLineRow, OrderRow, SellerOrderRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { DocumentLinks } from '../documents/document-links.js';
import { liveOrderPart } from './buyer-live.js';
import { BuyerOrderPart, type PartError } from './buyer-part.js';
import { OrderSummary } from './buyer-summary.js';
import { OrderTimeline } from './buyer-timeline.js';

export interface BuyerOrderView {
  order: OrderRow;
  parts: SellerOrderRow[];
  lines: OrderLineRow[];
  events: OrderEventRow[];
  shops: Map<number, string>;
  entitlements: Map<number, Entitlement>;
  documents: DocumentWithParties[];
  /** each part's escrow as the ledger has it, by seller order id */
  money: Map<number, MoneyMoved>;
  disputes: Map<number, PartDispute>;
}

export interface BuyerOrderErrors {
  /** a refusal about the whole order (payment, cancellation) */
  order?: string;
  /** a refusal about one seller's part, by seller order id */
  parts?: Record<number, PartError>;
}

/** The buyer's order (stable id `order-<id>`): what an action's htmx answer replaces. */
export function BuyerOrder(props: { csrf: string; view: BuyerOrderView; errors?: BuyerOrderErrors }) {
  const { order, parts, lines, events, shops, entitlements, documents, money, disputes } = props.view;
  const docsId = `order-${order.id}-documents`;
  return (
    <section id={`order-${order.id}`} class="buyer-order">
      <p>
        <a href={paths.orders()}>← Your orders</a>
      </p>
      <h1 safe>{`Order #${order.id}`}</h1>
      <OrderSummary csrf={props.csrf} order={order} error={props.errors?.order} />
      {parts.map((p) => (
        <BuyerOrderPart
          csrf={props.csrf}
          part={p}
          shopName={shops.get(p.seller_id) ?? 'Seller'}
          lines={lines.filter((l) => l.seller_order_id === p.id)}
          entitlements={entitlements}
          money={money.get(p.id)}
          dispute={disputes.get(p.id)}
          error={props.errors?.parts?.[p.id]}
        />
      ))}
      <div id={docsId} {...liveOrderPart(order.id, docsId)} hx-trigger="sse:orders, sse:documents, htmx:sseOpen from:body">
        <DocumentLinks orderId={order.id} documents={documents} paid={order.status === 'paid'} />
      </div>
      <OrderTimeline orderId={order.id} events={events} />
    </section>
  );
}
