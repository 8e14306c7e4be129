import type { CardErrors } from '../../src/payments/cards.js';
import type { PaymentRow } from '../../src/payments/local-objects.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';

export type CardValues = Partial<Record<'number' | 'expiry' | 'cvc' | 'name', string>>;

const amountOf = (p: PaymentRow) => formatMoney(p.amount, p.currency.toUpperCase());

/** One card field: label, the control with the browser's autofill hint, and its error beside it. */
function CardField(props: { name: keyof CardValues; label: string; value?: string; error?: string; autocomplete: string; inputmode?: string; placeholder?: string; maxlength: number }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      {props.error ? (
        <p class="error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

function TestModeNote() {
  return (
    <details class="test-cards">
      <summary>Test mode: which card numbers work here</summary>
      <ul>
        <li>
          <code>4242 4242 4242 4242</code>, <code>4000 0566 5566 5556</code> (debit), <code>5555 5555 5555 4444</code> and <code>3782 822463 10005</code> (Amex) succeed
        </li>
        <li>
          <code>4000 0000 0000 7726</code> succeeds; its refunds take a moment
        </li>
        <li>
          <code>4000 0000 0000 5126</code> succeeds; its refunds fail after a moment
        </li>
        <li>
          <code>4000 0000 0000 0002</code> is declined
        </li>
        <li>
          <code>4000 0000 0000 9995</code> is declined for insufficient funds
        </li>
        <li>
          <code>4000 0025 0000 3155</code> asks for an extra confirmation
        </li>
      </ul>
      <p>Any future expiry date, any 3-digit CVC (4 digits for Amex) and any name.</p>
    </details>
  );
}

/** The test gateway's hosted payment page: the card form, with a decline or field errors when there are any. */
export function HostedPaymentPage(props: { payment: PaymentRow; csrf: string; values?: CardValues; errors?: CardErrors; declined?: string }) {
  const p = props.payment;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <section class="gateway" id="gateway-payment" data-status={p.status}>
      <p class="gateway-brand">Souk Pay · test mode</p>
      <h1>
        Pay{' '}
        <span id="gateway-amount" safe>
          {amountOf(p)}
        </span>
      </h1>
      <p class="meta" safe>
        {p.description ?? 'Payment to Souk'}
      </p>
      {props.declined ? (
        <div class="flash flash-error" role="alert" id="gateway-declined">
          <p safe>{props.declined}</p>
          <p>Try another card, or go back to Souk without paying.</p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={paths.gatewayPay(p.id)} id="card-form" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={Object.keys(e).length ? 'Please check the card details below.' : undefined} />
        <CardField name="number" label="Card number" value={v.number} error={e.number} autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234" maxlength={23} />
        <CardField name="expiry" label="Expiry date (MM / YY)" value={v.expiry} error={e.expiry} autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY" maxlength={9} />
        <CardField name="cvc" label="Security code (CVC)" value={v.cvc} error={e.cvc} autocomplete="cc-csc" inputmode="numeric" placeholder="123" maxlength={4} />
        <CardField name="name" label="Name on card" value={v.name} error={e.name} autocomplete="cc-name" maxlength={100} />
        <button type="submit" safe>
          {`Pay ${amountOf(p)}`}
        </button>
      </form>
      <p>
        <a href={p.return_url} id="gateway-cancel">
          Back to Souk without paying
        </a>
      </p>
      <TestModeNote />
    </section>
  );
}

/** The extra confirmation step some cards ask for (like 3-D Secure). */
export function AuthenticationPage(props: { payment: PaymentRow; csrf: string }) {
  const p = props.payment;
  return (
    <section class="gateway" id="gateway-authentication" data-status={p.status}>
      <p class="gateway-brand">Souk Pay · test mode</p>
      <h1>Confirm this payment</h1>
      <p>
        Your bank asks you to confirm a payment of <strong safe>{amountOf(p)}</strong> with the card ending in <span safe>{p.card_last4 ?? '••••'}</span>.
      </p>
      <form method="post" action={paths.gatewayAuthentication(p.id)} class="inline-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="decision" value="complete" />
        <button type="submit">Complete</button>
      </form>{' '}
      <form method="post" action={paths.gatewayAuthentication(p.id)} class="inline-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="decision" value="fail" />
        <button type="submit" class="danger">
          Fail
        </button>
      </form>
    </section>
  );
}

/** A payment that takes no more cards: already paid or cancelled. */
export function PaymentClosedPage(props: { payment: PaymentRow }) {
  const p = props.payment;
  return (
    <section class="gateway" id="gateway-closed" data-status={p.status}>
      <p class="gateway-brand">Souk Pay · test mode</p>
      <h1>{p.status === 'succeeded' ? 'This payment is complete' : 'This payment is closed'}</h1>
      <p safe>{`${amountOf(p)} ${p.status === 'succeeded' ? 'was paid.' : 'can no longer be paid.'}`}</p>
      <p>
        <a href={p.return_url}>Back to Souk</a>
      </p>
    </section>
  );
}
