import type { AddressRow } from '../../src/addresses/addresses.js';
import type { CartGroupView, CartView } from '../../src/carts/view.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { dayText } from '../../src/lib/days.js';
import { formatMoney } from '../../src/lib/money.js';
import type { PayWith } from '../../src/orders/placement.js';
import { paths } from '../../src/paths.js';
import { AddressFields } from '../addresses/address-fields.js';
import { Csrf, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';

export interface CheckoutProps {
  csrf: string;
  view: CartView;
  /** what stops checkout, by cart line id */
  problems: Map<number, string>;
  addresses: AddressRow[];
  wallet: { available: number; currency: string };
  payWith: PayWith;
  /** what the buyer chose or typed, kept after an error */
  values: Record<string, string>;
  errors: FieldErrors;
  seen: string;
}

function Group(props: { group: CartGroupView; problems: Map<number, string> }) {
  const g = props.group;
  const money = (n: number) => formatMoney(n, g.currency);
  return (
    <section class="checkout-group card" id={`checkout-seller-${g.sellerId}`} aria-labelledby={`checkout-seller-${g.sellerId}-title`}>
      <h2 id={`checkout-seller-${g.sellerId}-title`} safe>
        {g.shopName}
      </h2>
      <ul class="checkout-lines">
        {g.lines.map((l) => (
          <li id={`checkout-line-${l.id}`} data-amount={String(l.lineTotal)}>
            <span class="title" safe>
              {l.title}
            </span>
            {l.variantLabel ? <span class="variant-label" safe>{` (${l.variantLabel})`}</span> : ''}{' '}
            <span class="qty" safe>{`${l.quantity} × ${money(l.unitPrice)} = ${money(l.lineTotal)}`}</span>
            {l.bookingDate ? <span class="booking" safe>{` · preferred date ${dayText(l.bookingDate)}`}</span> : ''}
            {props.problems.has(l.id) ? (
              <p class="problem" role="alert" safe>
                {props.problems.get(l.id)!}
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      <p class="meta">
        Shipping: <span class="shipping" data-amount={String(g.shipping)}>{g.needsShipping ? (g.shipping === 0 ? 'Free' : money(g.shipping)) : 'No shipping needed'}</span> · Subtotal:{' '}
        <span class="subtotal" data-amount={String(g.total)} safe>
          {money(g.total)}
        </span>
      </p>
    </section>
  );
}

function AddressChoice(props: { addresses: AddressRow[]; values: Record<string, string>; errors: FieldErrors }) {
  const chosen = props.values.address_id ?? (props.addresses[0] ? String(props.addresses[0].id) : 'new');
  const err = props.errors.address;
  return (
    <fieldset id="checkout-address" class={err ? 'field-invalid' : undefined} aria-describedby={err ? 'checkout-address-error' : undefined}>
      <legend>Ship to</legend>
      {err ? (
        <p class="error" id="checkout-address-error" role="alert" safe>
          {err}
        </p>
      ) : (
        ''
      )}
      {props.addresses.map((a) => (
        <label class="choice">
          <input type="radio" name="address_id" value={String(a.id)} checked={chosen === String(a.id)} />{' '}
          <span safe>{[a.name, a.line1, a.line2, `${a.postal_code} ${a.city}`, a.country].filter(Boolean).join(', ')}</span>
        </label>
      ))}
      <label class="choice">
        <input type="radio" name="address_id" value="new" checked={chosen === 'new'} /> A new address (saved to your address book)
      </label>
      <AddressFields values={props.values} errors={props.errors} />
    </fieldset>
  );
}

function PaymentChoice(props: { wallet: { available: number; currency: string }; total: number; payWith: PayWith; error?: string }) {
  const money = (n: number) => formatMoney(n, props.wallet.currency);
  const fromWallet = Math.min(props.wallet.available, props.total);
  const options: { value: PayWith; label: string }[] = [
    { value: 'wallet', label: `My wallet (balance ${money(props.wallet.available)})` },
    { value: 'wallet_then_card', label: `My wallet first (${money(fromWallet)}), then a card for the rest (${money(props.total - fromWallet)})` },
    { value: 'card', label: `A card (${money(props.total)})` },
  ];
  return (
    <fieldset id="checkout-payment" class={props.error ? 'field-invalid' : undefined} aria-describedby={props.error ? 'checkout-pay_with-error' : undefined}>
      <legend>Pay with</legend>
      {props.error ? (
        <p class="error" id="checkout-pay_with-error" role="alert" safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      {options.map((o) => (
        <label class="choice">
          <input type="radio" name="pay_with" value={o.value} checked={props.payWith === o.value} /> <span safe>{o.label}</span>
        </label>
      ))}
      <p class="hint">You pay by card on the payment page that follows. Your wallet part is set aside until the card payment arrives.</p>
    </fieldset>
  );
}

/** The checkout (stable id `checkout`): the page's body, and what an htmx submit with errors gets back. */
export function Checkout(props: CheckoutProps) {
  const v = props.view;
  const blocked = props.problems.size > 0;
  if (!v.lines.length) {
    return (
      <section id="checkout">
        <h1>Checkout</h1>
        <FormError message={props.errors.form ?? props.errors.cart} />
        <p class="empty">
          Your cart is empty. <a href={paths.search()}>Find something to buy</a>.
        </p>
      </section>
    );
  }
  return (
    <section id="checkout">
      <h1>Checkout</h1>
      <FormError message={props.errors.form} />
      {blocked ? (
        <div id="checkout-problems" class="notice" role="alert">
          <p>Some things in your cart need your attention before you can place the order.</p>
          <p>
            <a href={paths.cart()}>Back to your cart</a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form id="checkout-form" method="post" action={paths.orders()} hx-post={paths.orders()} hx-target="#checkout" hx-swap="outerHTML" novalidate>
        <Csrf token={props.csrf} />
        <IdempotencyField />
        <input type="hidden" name="seen" value={props.seen} />
        <div id="checkout-cart">
          {props.errors.cart ? (
            <p class="error" id="checkout-cart-error" role="alert" safe>
              {props.errors.cart}
            </p>
          ) : (
            ''
          )}
          {v.groups.map((g) => (
            <Group group={g} problems={props.problems} />
          ))}
          <p>
            <a href={paths.cart()}>Change your cart</a>
          </p>
        </div>
        {v.needsShipping ? <AddressChoice addresses={props.addresses} values={props.values} errors={props.errors} /> : <p id="checkout-no-shipping">Nothing in this order needs shipping.</p>}
        <PaymentChoice wallet={props.wallet} total={v.total} payWith={props.payWith} error={props.errors.pay_with} />
        <p id="checkout-total" class="total" data-amount={String(v.total)}>
          Total: <strong safe>{formatMoney(v.total, v.currency)}</strong>
          {v.shippingTotal > 0 ? <span class="meta" safe>{` (including ${formatMoney(v.shippingTotal, v.currency)} shipping)`}</span> : ''}
        </p>
        {blocked ? (
          ''
        ) : (
          <button type="submit" id="place-order">
            Place order
          </button>
        )}
      </form>
    </section>
  );
}
