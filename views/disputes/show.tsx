import { DECISIONS, MESSAGE_MAX } from '../../src/disputes/forms.js';
import type { Party } from '../../src/disputes/policy.js';
import type { DisputeMessageRow, DisputeView } from '../../src/disputes/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import type { OrderLineRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FieldFrame, FormError, TextArea } from '../components/field.js';
import { PhotosField } from './new.js';
import { OrderPartSummary } from './parts.js';
import { DisputeStatusBlock } from './status.js';
import { DisputeThread } from './thread.js';

/** What went wrong with the last form sent from the page: field errors with the input kept, or a refusal. */
export interface DisputeFormState {
  form: 'reply' | 'refund' | 'withdraw' | 'decision';
  errors?: FieldErrors;
  values?: Record<string, string>;
  message?: string;
}

export interface DisputePageProps {
  csrf: string;
  dispute: DisputeView;
  lines: OrderLineRow[];
  messages: DisputeMessageRow[];
  party: Party;
  state?: DisputeFormState;
}

function ReplyForm(props: { id: number; csrf: string; state?: DisputeFormState }) {
  const s = props.state?.form === 'reply' ? props.state : undefined;
  return (
    <form id={`dispute-${props.id}-reply`} method="post" action={paths.disputeMessages(props.id)} enctype="multipart/form-data" class="card dispute-reply">
      <Csrf token={props.csrf} />
      <h2>Reply</h2>
      <FormError message={s?.message} />
      <TextArea label="Message" name="message" value={s?.values?.message} error={s?.errors?.message} required maxlength={MESSAGE_MAX} rows={4} />
      <PhotosField id={`dispute-${props.id}-reply-photos`} error={s?.errors?.photos} />
      <button type="submit">Send</button>
    </form>
  );
}

function SellerRefundForm(props: { d: DisputeView; csrf: string; state?: DisputeFormState }) {
  const s = props.state?.form === 'refund' ? props.state : undefined;
  const total = formatMoney(props.d.total, props.d.currency);
  return (
    <form id={`dispute-${props.d.id}-refund`} method="post" action={paths.disputeRefund(props.d.id)} class="card dispute-refund">
      <Csrf token={props.csrf} />
      <h2>Refund the buyer</h2>
      <p safe>{`Refund all of it (${total}) and the order is refunded; refund part and you are paid the rest, less the commission on it.`}</p>
      <FormError message={s?.message} />
      <Field label="Amount to refund" name="amount" inputmode="decimal" value={s?.values?.amount ?? toDecimal(props.d.total)} error={s?.errors?.amount} required />
      <button type="submit">Refund</button>
    </form>
  );
}

function WithdrawForm(props: { d: DisputeView; csrf: string; state?: DisputeFormState }) {
  const s = props.state?.form === 'withdraw' ? props.state : undefined;
  return (
    <form id={`dispute-${props.d.id}-withdrawal`} method="post" action={paths.disputeWithdrawal(props.d.id)} class="card dispute-withdrawal">
      <Csrf token={props.csrf} />
      <h2>Problem solved?</h2>
      <p>Withdraw the dispute and the seller is paid as usual.</p>
      <FormError message={s?.message} />
      <button type="submit" class="danger">
        Withdraw the dispute
      </button>
    </form>
  );
}

function DecisionForm(props: { d: DisputeView; csrf: string; state?: DisputeFormState }) {
  const s = props.state?.form === 'decision' ? props.state : undefined;
  const e = s?.errors ?? {};
  const v = s?.values ?? {};
  const id = `dispute-${props.d.id}-decision`;
  return (
    <form id={id} method="post" action={paths.disputeDecision(props.d.id)} class="card dispute-decision">
      <Csrf token={props.csrf} />
      <h2>Decide</h2>
      <FormError message={s?.message} />
      <fieldset aria-invalid={e.decision ? 'true' : undefined} aria-describedby={e.decision ? `${id}-decision-error` : undefined}>
        <legend>Decision</legend>
        {Object.entries(DECISIONS).map(([code, label]) => (
          <label>
            <input type="radio" name="decision" value={code} checked={v.decision === code} required /> <span>{label}</span>
          </label>
        ))}
        {e.decision ? (
          <p class="error" id={`${id}-decision-error`} safe>
            {e.decision}
          </p>
        ) : (
          ''
        )}
      </fieldset>
      <Field label="Refund to the buyer (split only)" name="amount" inputmode="decimal" value={v.amount} error={e.amount} hint={`Less than the total, ${formatMoney(props.d.total, props.d.currency)}.`} />
      <FieldFrame
        label="Reason (both parties see it)"
        name="reason"
        id={`${id}-reason`}
        error={e.reason}
        control={(a) => (
          <textarea id={a.id} name="reason" rows="3" required maxlength={1000} aria-invalid={a.invalid} aria-describedby={a.describedBy} safe>
            {v.reason ?? ''}
          </textarea>
        )}
      />
      <button type="submit">Decide</button>
    </form>
  );
}

/** The dispute page: the order part, where it stands, the thread, and what the viewer can do. */
export function DisputePage(props: DisputePageProps) {
  const d = props.dispute;
  const open = d.status !== 'resolved';
  const back = props.party === 'buyer' ? paths.order(d.order_id) : props.party === 'seller' ? paths.sellerOrder(d.seller_order_id) : paths.adminDisputes();
  return (
    <div class="dispute-page" id={`dispute-${d.id}`} data-party={props.party}>
      <p>
        <a href={back}>{props.party === 'admin' ? '← All disputes' : '← Back to the order'}</a>
      </p>
      <h1 safe>{`Dispute #${d.id}`}</h1>
      <p class="parties" safe>{`Buyer: ${d.buyer_name} · Seller: ${d.shop_name ?? d.seller_name}`}</p>
      <OrderPartSummary orderId={d.order_id} sellerOrderId={d.seller_order_id} shopName={d.shop_name ?? d.seller_name} total={d.total} currency={d.currency} status={d.order_status} lines={props.lines} />
      <DisputeStatusBlock dispute={d} />
      <DisputeThread dispute={d} messages={props.messages} />
      {open ? <ReplyForm id={d.id} csrf={props.csrf} state={props.state} /> : ''}
      {open && props.party === 'seller' ? <SellerRefundForm d={d} csrf={props.csrf} state={props.state} /> : ''}
      {open && props.party === 'buyer' ? <WithdrawForm d={d} csrf={props.csrf} state={props.state} /> : ''}
      {open && props.party === 'admin' ? <DecisionForm d={d} csrf={props.csrf} state={props.state} /> : ''}
    </div>
  );
}
