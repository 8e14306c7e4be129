import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import type { PayoutLimits } from '../../src/payouts/limits.js';
import { maskAccount } from '../../src/payouts/methods.js';
import type { PayoutMethodRow, PayoutRow, PayoutStatus } from '../../src/payouts/queries.js';
import { streams } from '../../src/realtime/streams.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { Time } from '../components/time.js';
import { badgeClass, statusTone } from '../components/badge.js';

export interface FormState {
  form: 'method' | 'payout';
  values: Record<string, string>;
  errors: FieldErrors;
}

const statusText: Record<PayoutStatus, string> = {
  requested: 'Waiting for review',
  approved: 'Approved, sending',
  sending: 'Sending to your bank',
  paid: 'Paid',
  rejected: 'Rejected',
  failed: 'Failed, money returned',
  reversed: 'Returned by the bank, money back in your wallet',
};

export function PayoutStatusText(props: { status: PayoutStatus }) {
  return (
    <span class={`${badgeClass(statusTone(props.status))} status status-${props.status}`} data-status={props.status} safe>
      {statusText[props.status]}
    </span>
  );
}

/**
 * The person's payout requests. It has its own connection to their stream: the
 * `payouts` signal makes it fetch itself again (authorized on that request).
 */
export function PayoutList(props: { userId: number; payouts: PayoutRow[] }) {
  return (
    <div data-user={String(props.userId)}>
      <section id="payout-list" hx-get={paths.payoutList()} hx-trigger="sse:payouts, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
        <h2>Your payouts</h2>
        {props.payouts.length === 0 ? (
          <p class="empty">You have not asked for a payout yet.</p>
        ) : (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Amount</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {props.payouts.map((p) => (
                <tr id={`payout-${p.id}`} data-status={p.status}>
                  <td data-label="Requested">
                    <Time at={p.requested_at} />
                  </td>
                  <td data-label="Amount" safe>{formatMoney(p.amount, p.currency)}</td>
                  <td data-label="To" safe>{maskAccount(p.account_number)}</td>
                  <td data-label="Status">
                    <PayoutStatusText status={p.status} />
                  </td>
                  <td data-label="Note" class="reason" safe>
                    {p.status === 'rejected' ? (p.reason ?? '') : p.status === 'failed' || p.status === 'reversed' ? (p.failure_reason ?? '') : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function MethodList(props: { methods: PayoutMethodRow[]; csrf: string }) {
  if (props.methods.length === 0) return <p class="empty">No accounts saved yet.</p>;
  return (
    <ul class="stack" id="payout-methods">
      {props.methods.map((m) => (
        <li id={`payout-method-${m.id}`} class="inline-form">
          <span>
            <strong safe>{m.holder_name}</strong> <span class="masked" safe>{maskAccount(m.account_number)}</span>
          </span>
          <form method="post" action={paths.payoutMethod(m.id)} class="inline">
            <Csrf token={props.csrf} />
            <input type="hidden" name="_method" value="DELETE" />
            <button type="submit" class="link-button" aria-label={`Remove the account ending ${m.account_number.slice(-4)}`}>
              Remove
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

function MethodForm(props: { csrf: string; state?: FormState }) {
  const mine = props.state?.form === 'method';
  const v = mine ? props.state!.values : {};
  const e = mine ? props.state!.errors : {};
  return (
    <form id="payout-method-form" method="post" action={paths.payoutMethods()} novalidate>
      <h3>Add a bank account</h3>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="Account holder" name="holder_name" value={v.holder_name} error={e.holder_name} required maxlength={100} autocomplete="name" />
      <Field
        label="IBAN or account number"
        name="account_number"
        value={v.account_number}
        error={e.account_number}
        required
        maxlength={42}
        hint="Spaces are fine. Only the last four characters are shown afterwards."
      />
      <button type="submit">Save account</button>
    </form>
  );
}

function PayoutForm(props: { csrf: string; methods: PayoutMethodRow[]; available: number; currency: string; limits: PayoutLimits; state?: FormState }) {
  const mine = props.state?.form === 'payout';
  const v = mine ? props.state!.values : {};
  const e = mine ? props.state!.errors : {};
  if (props.methods.length === 0) return <p class="notice">Save a bank account below to ask for a payout.</p>;
  const selected = v.method_id ?? String(props.methods[0].id);
  return (
    <form id="payout-form" method="post" action={paths.payouts()} novalidate>
      <h2>Ask for a payout</h2>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <IdempotencyField />
      <div class={e.method_id ? 'field field-invalid' : 'field'}>
        <label for="f-method_id">Pay to</label>
        <select id="f-method_id" name="method_id" aria-invalid={e.method_id ? 'true' : undefined} aria-describedby={e.method_id ? 'f-method_id-error' : undefined}>
          {props.methods.map((m) => (
            <option value={String(m.id)} selected={String(m.id) === selected} safe>
              {`${m.holder_name} ${maskAccount(m.account_number)}`}
            </option>
          ))}
        </select>
        {e.method_id ? (
          <p class="error" id="f-method_id-error" safe>
            {e.method_id}
          </p>
        ) : (
          ''
        )}
      </div>
      <Field
        label={`Amount (${props.currency})`}
        name="amount"
        value={v.amount ?? (props.available >= props.limits.min ? toDecimal(props.available) : '')}
        error={e.amount}
        required
        maxlength={16}
        hint={`At least ${formatMoney(props.limits.min, props.currency)}, up to ${formatMoney(props.limits.dailyLimit, props.currency)} and ${props.limits.perDay} requests a day. An admin reviews each payout.`}
      />
      <button type="submit">Request payout</button>
    </form>
  );
}

export function PayoutsPage(props: {
  userId: number;
  csrf: string;
  wallet: { available: number; payout_pending: number; currency: string };
  methods: PayoutMethodRow[];
  payouts: PayoutRow[];
  limits: PayoutLimits;
  state?: FormState;
}) {
  const w = props.wallet;
  return (
    <section>
      <h1>Payouts</h1>
      <p id="payout-balances">
        Available: <strong id="payout-available" data-amount={String(w.available)} safe>{formatMoney(w.available, w.currency)}</strong> · On the way:{' '}
        <strong id="payout-pending" data-amount={String(w.payout_pending)} safe>{formatMoney(w.payout_pending, w.currency)}</strong> ·{' '}
        <a href={paths.wallet()}>Wallet</a>
      </p>
      <div class="card">
        <PayoutForm csrf={props.csrf} methods={props.methods} available={w.available} currency={w.currency} limits={props.limits} state={props.state} />
      </div>
      <PayoutList userId={props.userId} payouts={props.payouts} />
      <div class="card">
        <h2>Your bank accounts</h2>
        <MethodList methods={props.methods} csrf={props.csrf} />
        <MethodForm csrf={props.csrf} state={props.state} />
      </div>
    </section>
  );
}
