import { conversationsPaths } from '../../src/conversations/paths.js';
import type { PropsWithChildren } from '@kitajs/html';
import type { DownloadLogRow } from '../../src/downloads/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { dayText } from '../../src/lib/days.js';
import type { MoneyMoved } from '../../src/orders/money-moved.js';
import type { PartDispute } from '../../src/orders/part-disputes.js';
import type { AddressSnapshot, OrderEventRow, OrderLineRow, SellerOrderRow } from '../../src/orders/queries.js';
import { actionFits, canMove, type OrderAction } from '../../src/orders/states.js';
import { paths } from '../../src/paths.js';
import { Address } from '../addresses/address.js';
import { DownloadLog } from '../downloads/download-log.js';
import { AmountEntry } from '../components/amount.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { Time } from '../components/time.js';
import { EscrowMoney } from './escrow-money.js';
import { PartDisputeNote } from './part-dispute.js';
import { money, OrderStatusBadge, sellerAmount } from './seller-status.js';

export interface SellerOrderView {
  so: SellerOrderRow;
  lines: OrderLineRow[];
  events: OrderEventRow[];
  buyerName: string;
  address: AddressSnapshot | null;
  placedAt: Date;
  downloads: DownloadLogRow[] | null;
  /** the escrow as the ledger has it */
  money?: MoneyMoved;
  dispute?: PartDispute;
}

/** What went wrong with the last action: a refusal, or field errors with the input kept. */
export interface ActionState {
  action: 'accept' | 'ship' | 'deliver' | 'cancel';
  message?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** What the seller keeps of one line at the agreed commission (shipping comes on top, per order). */
const lineReceives = (l: OrderLineRow) => l.line_total - l.discount_amount - l.commission_amount;

const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

function escrowText(so: SellerOrderRow): JSX.Element {
  switch (so.status) {
    case 'awaiting_payment':
      return 'Not paid yet.';
    case 'paid':
    case 'accepted':
    case 'shipped':
      return 'Held in escrow until the order is delivered.';
    case 'delivered':
      return so.release_due_at ? (
        <>
          Held in escrow; paid to your wallet on <Time at={so.release_due_at} /> unless a problem is reported.
        </>
      ) : (
        'Held in escrow.'
      );
    case 'disputed':
      return 'Held while a reported problem is resolved.';
    case 'completed':
      return 'Paid to your wallet.';
    case 'cancelled':
    case 'refunded':
      return 'Returned to the buyer.';
  }
}

const fits = (so: SellerOrderRow, a: OrderAction) => canMove(a, so.status) && actionFits[a].includes(so.fulfilment);

function ActionForm(props: PropsWithChildren<{ id: string; action: string; target: string; csrf: string }>) {
  return (
    <form id={props.id} method="post" action={props.action} hx-post={props.action} hx-target={props.target} hx-swap="outerHTML" class="stack">
      <Csrf token={props.csrf} />
      {props.children}
    </form>
  );
}

/** The actions the seller has in this state: accept, ship, mark delivered, cancel or decline. */
function Actions(props: { so: SellerOrderRow; csrf: string; state?: ActionState }) {
  const so = props.so;
  const target = `#seller-order-${so.id}`;
  const st = props.state;
  const err = (a: ActionState['action']) => (st?.action === a ? st : undefined);
  const service = so.fulfilment === 'service';
  const canCancel = so.status !== 'awaiting_payment' && fits(so, 'cancel');
  const forms: JSX.Element[] = [];
  const offered = new Set<ActionState['action']>();
  if (fits(so, 'accept') && offered.add('accept'))
    forms.push(
      <ActionForm id={`accept-form-${so.id}`} action={paths.sellerOrderAcceptance(so.id)} target={target} csrf={props.csrf}>
        <FormError message={err('accept')?.message} />
        <button type="submit">{service ? 'Accept booking' : 'Accept order'}</button>
      </ActionForm>,
    );
  if (so.fulfilment === 'ship' && fits(so, 'ship') && offered.add('ship')) {
    const e = err('ship');
    forms.push(
      <ActionForm id={`ship-form-${so.id}`} action={paths.sellerOrderShipment(so.id)} target={target} csrf={props.csrf}>
        <h2>Ship</h2>
        <FormError message={e?.message} />
        <Field label="Carrier" name="carrier" value={e?.values?.carrier} error={e?.errors?.carrier} required maxlength={40} />
        <Field label="Tracking number" name="tracking_number" value={e?.values?.tracking_number} error={e?.errors?.tracking_number} hint="Letters, digits, spaces and dashes." required maxlength={40} />
        <button type="submit">Mark as shipped</button>
      </ActionForm>,
    );
  }
  if (so.fulfilment === 'ship' && so.status === 'shipped' && offered.add('deliver'))
    forms.push(
      <ActionForm id={`deliver-form-${so.id}`} action={paths.sellerOrderDelivery(so.id)} target={target} csrf={props.csrf}>
        <FormError message={err('deliver')?.message} />
        <button type="submit">Mark as delivered</button>
      </ActionForm>,
    );
  if (canCancel && offered.add('cancel')) {
    const e = err('cancel');
    const decline = service && so.status === 'paid';
    forms.push(
      <ActionForm id={`cancel-form-${so.id}`} action={paths.sellerOrderCancellation(so.id)} target={target} csrf={props.csrf}>
        <h2>{decline ? 'Decline the booking' : 'Cancel this order'}</h2>
        <FormError message={e?.message} />
        <Field label="Reason (the buyer sees it)" name="reason" value={e?.values?.reason} error={e?.errors?.reason} required maxlength={500} />
        <button type="submit" class="danger">
          {decline ? 'Decline booking' : 'Cancel and refund the buyer'}
        </button>
      </ActionForm>,
    );
  }
  // a refused action whose form is gone now (the order moved on): its message shows above the rest
  if (st?.message && !offered.has(st.action)) forms.unshift(<FormError message={st.message} />);
  return (
    <section class="order-actions" aria-label="Actions">
      {forms.length ? forms : <p class="meta">Nothing to do on this order now.</p>}
    </section>
  );
}

/** The seller's part of one order; the page, the htmx answer and the live re-fetch all render this. */
export function SellerOrderPanel(props: SellerOrderView & { csrf: string; state?: ActionState }) {
  const so = props.so;
  // once the escrow is resolved, what the seller got is the ledger's figure (below), not a quote
  const settled = props.money !== undefined && props.money.state !== 'held';
  return (
    <article
      id={`seller-order-${so.id}`}
      data-status={so.status}
      hx-get={paths.sellerOrder(so.id)}
      hx-trigger="sse:orders, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      hx-disinherit="*"
      aria-live="polite"
    >
      <p>
        <OrderStatusBadge status={so.status} /> · from <strong safe>{props.buyerName}</strong> · placed <Time at={props.placedAt} />
        {so.ship_by && (so.status === 'paid' || so.status === 'accepted') ? (
          <>
            {' '}
            · ship by <Time at={so.ship_by} />
          </>
        ) : (
          ''
        )}
      </p>
      {so.carrier ? (
        <p id="shipment" safe>
          {`Shipped with ${so.carrier}, tracking number ${so.tracking_number ?? ''}`}
        </p>
      ) : (
        ''
      )}
      {so.cancel_reason ? (
        <p id="cancel-reason" safe>
          {`Cancelled: ${so.cancel_reason}`}
        </p>
      ) : (
        ''
      )}
      <PartDisputeNote sellerOrderId={so.id} dispute={props.dispute} currency={so.currency} />
      <Actions so={so} csrf={props.csrf} state={props.state} />
      <h2>Items</h2>
      <table class="cards" id="order-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Unit price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
            <th scope="col">Commission</th>
            <th scope="col">You receive</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr id={`line-${l.id}`}>
              <th scope="row">
                <span safe>{l.title}</span>
                {l.variant_label ? (
                  <span class="meta" safe>
                    {` · ${l.variant_label}`}
                  </span>
                ) : (
                  ''
                )}
                {l.booking_date ? (
                  <div class="meta" safe>
                    {`Booked for ${dayText(l.booking_date)}${l.booking_note ? ` — ${l.booking_note}` : ''}`}
                  </div>
                ) : (
                  ''
                )}
              </th>
              <td data-label="Unit price" safe>{money(l.unit_price, so.currency)}</td>
              <td data-label="Quantity">{l.quantity}</td>
              <td data-label="Total" safe>{money(l.line_total, so.currency)}</td>
              <td data-label="Commission" class="commission" safe>
                {`${money(l.commission_amount, so.currency)} (${percent(l.commission_rate_bp)})`}
              </td>
              <td data-label="You receive" class="receive" data-amount={String(lineReceives(l))} safe>
                {money(lineReceives(l), so.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Money</h2>
      <dl id="order-money" class="money">
        <AmountEntry label="Items" amount={so.items_total} currency={so.currency} />
        <AmountEntry label="Shipping" amount={so.shipping} currency={so.currency} />
        <AmountEntry label="Total" id="money-total" amount={so.total} currency={so.currency} />
        <AmountEntry label="Commission" id="money-commission" amount={so.commission} currency={so.currency} />
        {so.refunded_amount > 0 ? <AmountEntry label="Refunded" amount={so.refunded_amount} currency={so.currency} /> : ''}
        {settled ? '' : <AmountEntry label="You will receive" id="money-receive" amount={sellerAmount(so)} currency={so.currency} />}
        <dt>Payment</dt>
        <dd id="escrow-status">{escrowText(so)}</dd>
      </dl>
      <EscrowMoney sellerOrderId={so.id} money={props.money} currency={so.currency} viewer="seller" />
      {so.needs_shipping ? (
        <>
          <h2>Ship to</h2>
          {props.address ? <Address a={props.address} id="ship-to" /> : <p class="meta">No address.</p>}
        </>
      ) : (
        ''
      )}
      {props.downloads ? (
        <>
          <h2>Downloads</h2>
          <DownloadLog rows={props.downloads} sellerOrderId={so.id} />
        </>
      ) : (
        ''
      )}
      <h2>Timeline</h2>
      <ol id="order-timeline" class="timeline">
        {props.events.map((e) => (
          <li data-type={e.type}>
            <Time at={e.created_at} /> <span safe>{e.message}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}

export function SellerOrderPage(props: SellerOrderView & { csrf: string; state?: ActionState }) {
  return (
    <section>
      <p>
        <a href={paths.sellerOrders()}>← Orders</a>
      </p>
      <h1 safe>{`Order #${props.so.order_id}`}</h1>
      <p>
        <a href={conversationsPaths.sellerOrderConversation(props.so.id)} class="message-link">
          Message the buyer
        </a>
      </p>
      <SellerOrderPanel {...props} />
    </section>
  );
}
