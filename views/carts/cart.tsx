import type { CartGroupView, CartLineView, CartView } from '../../src/carts/view.js';
import { dayText } from '../../src/lib/days.js';
import { formatMoney } from '../../src/lib/money.js';
import { kindTraits } from '../../src/listings/kinds.js';
import { paths } from '../../src/paths.js';
import { AmountEntry } from '../components/amount.js';
import { Csrf } from '../components/field.js';
import { quantityLabel } from './add-to-cart.js';

/** A refused quantity change: the line, what was typed and why. */
export interface LineError {
  lineId: number;
  value: string;
  message: string;
}

const PER: Record<string, string> = { hour: 'per hour', unit: 'per unit', day: 'per day', session: 'per session' };

function Quantity(props: { line: CartLineView; csrf: string; error?: LineError }) {
  const l = props.line;
  const id = `cart-line-quantity-${l.id}`;
  const err = props.error?.lineId === l.id ? props.error : undefined;
  if (kindTraits[l.kind].download) return <p class="quantity">1 download</p>;
  return (
    <form method="post" action={paths.cartLine(l.id)} hx-patch={paths.cartLine(l.id)} hx-target="#cart" hx-swap="outerHTML" class="quantity-form" novalidate>
      <Csrf token={props.csrf} />
      <input type="hidden" name="_method" value="PATCH" />
      <div class={err ? 'field field-invalid' : 'field'}>
        <label for={id} safe>
          {quantityLabel(l.kind, l.priceUnit)}
        </label>
        <input
          id={id}
          name="quantity"
          type="number"
          inputmode="numeric"
          min="0"
          max="999"
          value={err ? err.value : String(l.quantity)}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? `${id}-error` : undefined}
        />
        {err ? (
          <p class="error" id={`${id}-error`} safe>
            {err.message}
          </p>
        ) : (
          ''
        )}
      </div>
      <button type="submit" class="secondary">
        Update
      </button>
    </form>
  );
}

function Line(props: { line: CartLineView; csrf: string; error?: LineError }) {
  const l = props.line;
  const money = (n: number) => formatMoney(n, l.currency);
  return (
    <li class="cart-line" id={`cart-line-${l.id}`} data-listing-id={String(l.listingId)} data-quantity={String(l.quantity)} data-blocked={l.problem ? 'true' : 'false'} data-unavailable={l.unavailable ? 'true' : 'false'}>
      <div class="cart-line-item">
        <a href={paths.listing(l.listingId, l.slug)} class="cart-line-title" safe>
          {l.title}
        </a>
        {l.variantLabel ? (
          <span class="variant-label" safe>
            {l.variantLabel}
          </span>
        ) : (
          ''
        )}
        {l.bookingDate ? (
          <p class="booking">
            Preferred date: <span safe>{dayText(l.bookingDate)}</span>
            {l.bookingNote ? (
              <>
                <br />
                Note: <span safe>{l.bookingNote}</span>
              </>
            ) : (
              ''
            )}
          </p>
        ) : (
          ''
        )}
        <p class="unit-price" data-amount={String(l.unitPrice)} safe>
          {kindTraits[l.kind].booking ? `${money(l.unitPrice)} ${PER[l.priceUnit ?? 'hour'] ?? 'per hour'}` : `${money(l.unitPrice)} each`}
        </p>
        {l.warnings.map((w) => (
          <p class="warning" safe>
            {w}
          </p>
        ))}
        {l.problem ? (
          <p class="problem" role="alert" safe>
            {l.problem}
          </p>
        ) : (
          ''
        )}
      </div>
      <Quantity line={l} csrf={props.csrf} error={props.error} />
      <p class="line-total" data-amount={String(l.lineTotal)} safe>
        {l.unavailable ? '—' : money(l.lineTotal)}
      </p>
      <form method="post" action={paths.cartLine(l.id)} hx-delete={paths.cartLine(l.id)} hx-target="#cart" hx-swap="outerHTML" class="inline remove-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="DELETE" />
        <button type="submit" class="link-button" aria-label={`Remove ${l.title} from your cart`}>
          Remove
        </button>
      </form>
    </li>
  );
}

function shippingText(g: CartGroupView): string {
  if (!g.needsShipping) return 'No shipping needed';
  if (g.shipping === 0) return 'Free';
  return formatMoney(g.shipping, g.currency);
}

function Group(props: { g: CartGroupView; csrf: string; error?: LineError }) {
  const g = props.g;
  const money = (n: number) => formatMoney(n, g.currency);
  const hint = g.needsShipping && g.shipping > 0 && g.freeOver !== null ? `Free shipping from ${money(g.freeOver)} at this shop.` : '';
  return (
    <section class="card cart-group" id={`cart-group-${g.sellerId}`} aria-labelledby={`cart-group-title-${g.sellerId}`}>
      <h2 id={`cart-group-title-${g.sellerId}`} safe>
        {g.shopName}
      </h2>
      <ul class="cart-lines">
        {g.lines.map((l) => (
          <Line line={l} csrf={props.csrf} error={props.error} />
        ))}
      </ul>
      <dl class="group-totals">
        <AmountEntry label="Subtotal" class="subtotal" amount={g.subtotal} currency={g.currency} />
        <AmountEntry label="Shipping" class="shipping" amount={g.shipping} currency={g.currency} text={shippingText(g)} />
        <AmountEntry label="Total" class="group-total" amount={g.total} currency={g.currency} />
      </dl>
      {hint ? (
        <p class="hint free-shipping" safe>
          {hint}
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

/** The cart (stable id `cart`): one section per shop, totals and the way to checkout. Page, htmx answer and re-fetch alike. */
export function Cart(props: { view: CartView; csrf: string; error?: LineError; message?: string }) {
  const v = props.view;
  return (
    <div id="cart" class="cart" data-count={String(v.count)} data-can-checkout={v.canCheckout ? 'true' : 'false'}>
      {props.message ? (
        <p class="form-error" role="alert" safe>
          {props.message}
        </p>
      ) : (
        ''
      )}
      {v.lines.length === 0 ? (
        <p class="empty">
          Your cart is empty. <a href={paths.search()}>Find something you like</a>.
        </p>
      ) : (
        <>
          {v.groups.map((g) => (
            <Group g={g} csrf={props.csrf} error={props.error} />
          ))}
          <section class="card cart-summary" aria-label="Order summary">
            <dl>
              <AmountEntry label="Items" id="cart-items-total" amount={v.itemsTotal} currency={v.currency} />
              <AmountEntry label="Shipping" id="cart-shipping-total" amount={v.shippingTotal} currency={v.currency} />
              <AmountEntry label="Total" id="cart-total" amount={v.total} currency={v.currency} strong />
            </dl>
            {v.canCheckout ? (
              <a id="checkout-link" class="button" href={paths.cartCheckout()}>
                Checkout
              </a>
            ) : (
              <p id="checkout-blocked" class="problem">
                Fix the lines marked above (lower the quantity or remove them) to check out.
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export function CartPage(props: { view: CartView; csrf: string; error?: LineError; message?: string }) {
  return (
    <section class="cart-page">
      <h1>Your cart</h1>
      <Cart {...props} />
    </section>
  );
}
