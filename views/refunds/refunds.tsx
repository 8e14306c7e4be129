import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney } from '../../src/lib/money.js';
import { formatDate } from '../../src/lib/locale.js';
import { paths } from '../../src/paths.js';
import type { RefundableTopup, RefundListRow, RefundRow, RefundUser } from '../../src/refunds/queries.js';
import { streams } from '../../src/realtime/streams.js';
import { Csrf, Field, FormError, TextArea } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { Time } from '../components/time.js';

const statusText: Record<RefundRow['status'], string> = { pending: 'On its way', succeeded: 'Refunded', failed: 'Failed, money back in the wallet' };

export interface RefundFormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

function RefundForm(props: { person: RefundUser; available: number; currency: string; topups: RefundableTopup[]; csrf: string; state?: RefundFormState }) {
  const v = props.state?.values ?? {};
  const e = props.state?.errors ?? {};
  const chosen = v.destination ?? 'wallet';
  const options = [
    { value: 'wallet', label: 'To their Souk wallet (paid by the platform)' },
    ...props.topups
      .filter((t) => t.refundable > 0)
      .map((t) => ({
        value: `topup:${t.id}`,
        label: `Back to the card of the top-up of ${formatMoney(t.amount, t.currency)} on ${formatDate(new Date(t.created_at))} (up to ${formatMoney(t.refundable, t.currency)})`,
      })),
  ];
  return (
    <form id="refund-form" method="post" action={paths.adminRefunds()} class="card" novalidate>
      <h2>
        Refund <span safe>{props.person.display_name}</span>
      </h2>
      <p class="meta">
        <span safe>{props.person.email}</span> · available <span safe>{formatMoney(props.available, props.currency)}</span>
      </p>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <IdempotencyField />
      <input type="hidden" name="user_id" value={String(props.person.id)} />
      <fieldset class={e.destination ? 'field field-invalid' : 'field'} aria-describedby={e.destination ? 'f-destination-error' : undefined}>
        <legend>Where the money goes</legend>
        {options.map((o, i) => (
          <div class="field">
            <input type="radio" id={`f-destination-${i}`} name="destination" value={o.value} checked={o.value === chosen} />
            <label for={`f-destination-${i}`} safe>
              {o.label}
            </label>
          </div>
        ))}
        {e.destination ? (
          <p class="error" id="f-destination-error" safe>
            {e.destination}
          </p>
        ) : (
          ''
        )}
      </fieldset>
      <Field label={`Amount (${props.currency})`} name="amount" value={v.amount} error={e.amount} required maxlength={16} />
      <TextArea label="Reason" name="reason" value={v.reason} error={e.reason} required maxlength={1000} hint="Shown to the person on their receipt and kept in the audit log." />
      <button type="submit">Refund</button>
    </form>
  );
}

function RefundTable(props: { refunds: RefundListRow[] }) {
  if (props.refunds.length === 0) return <p class="empty">No refunds yet.</p>;
  return (
    <table class="cards" id="refund-list">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Person</th>
          <th scope="col">Amount</th>
          <th scope="col">To</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {props.refunds.map((r) => (
          <tr id={`refund-${r.id}`} data-status={r.status}>
            <td data-label="When">
              <Time at={r.created_at} />
            </td>
            <td data-label="Person" safe>{r.email}</td>
            <td data-label="Amount" safe>{formatMoney(r.amount, r.currency)}</td>
            <td data-label="To">{r.destination === 'card' ? 'Card' : 'Wallet'}</td>
            <td data-label="Status" safe>{r.status === 'failed' ? `${statusText.failed}: ${r.failure_reason ?? ''}` : statusText[r.status]}</td>
            <td data-label="Reason" safe>{r.reason}</td>
            <td data-label="By" safe>{r.admin_name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AdminRefundsPage(props: {
  csrf: string;
  query: string;
  lookupError?: string;
  person?: { user: RefundUser; available: number; currency: string; topups: RefundableTopup[] };
  refunds: RefundListRow[];
  state?: RefundFormState;
}) {
  return (
    <section>
      <h1>Refunds</h1>
      <form id="refund-lookup" method="get" action={paths.adminRefunds()} class="inline-form">
        <Field label="Person (email or user id)" name="user" type="search" value={props.query} error={props.lookupError} required maxlength={254} />
        <button type="submit">Find</button>
      </form>
      {props.person ? <RefundForm person={props.person.user} available={props.person.available} currency={props.person.currency} topups={props.person.topups} csrf={props.csrf} state={props.state} /> : ''}
      <h2>{props.person ? 'Their refunds' : 'Recent refunds'}</h2>
      <RefundTable refunds={props.refunds} />
    </section>
  );
}

/** The person's receipt; re-fetched on their `refunds` signal, so a card refund's outcome shows up live. */
export function RefundReceipt(props: { refund: RefundRow; userId: number }) {
  const r = props.refund;
  return (
    <div data-user={String(props.userId)}>
      <section id="refund-receipt" class="card" data-status={r.status} hx-get={paths.refundReceipt(r.id)} hx-trigger="sse:refunds, htmx:sseOpen from:body" hx-select="#refund-receipt" hx-swap="outerHTML" aria-live="polite">
        <h1>Refund receipt</h1>
        <dl>
          <dt>Reference</dt>
          <dd>R-{r.id}</dd>
          <dt>Amount</dt>
          <dd class="amount" safe>
            {formatMoney(r.amount, r.currency)}
          </dd>
          <dt>Paid to</dt>
          <dd>{r.destination === 'card' ? 'The card you topped up with' : 'Your Souk wallet (available balance)'}</dd>
          <dt>Status</dt>
          <dd class="status" safe>
            {statusText[r.status]}
          </dd>
          <dt>Reason</dt>
          <dd class="reason" safe>
            {r.reason}
          </dd>
          <dt>Date</dt>
          <dd>
            <Time at={r.created_at} />
          </dd>
        </dl>
        <p>
          <a href={paths.wallet()}>Back to your wallet</a>
        </p>
      </section>
    </div>
  );
}
