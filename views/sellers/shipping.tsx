import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

/** The seller's shipping rate, free-shipping threshold and low-stock alert (stable id `shipping-form`). */
export function ShippingForm(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <form id="shipping-form" method="post" action={paths.sellerShipping()} hx-post={paths.sellerShipping()} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="Shipping per order" name="shipping_flat" value={v.shipping_flat} error={e.shipping_flat} inputmode="decimal" required hint="Charged once per order from your shop when something in it is shipped; 0 ships for free." />
      <Field
        label="Free shipping from (optional)"
        name="shipping_free_over"
        value={v.shipping_free_over}
        error={e.shipping_free_over}
        inputmode="decimal"
        hint="Orders from your shop worth at least this much ship for free. Leave empty to always charge shipping."
      />
      <Field label="Low-stock alert at" name="low_stock_threshold" value={v.low_stock_threshold} error={e.low_stock_threshold} inputmode="numeric" required hint="You are told when a listing has this many units or fewer left after a sale." />
      <button type="submit">Save settings</button>
    </form>
  );
}

export function ShippingPage(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Shipping and stock alerts</h1>
      <p>
        Downloads and services never pay shipping. <a href={paths.sellerApplication()}>Back to my shop</a>
      </p>
      <ShippingForm {...props} />
    </section>
  );
}
