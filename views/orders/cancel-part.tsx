import type { SellerOrderRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

export interface SellerCancelProps {
  csrf: string;
  part: Pick<SellerOrderRow, 'id' | 'order_id'>;
  next: string;
  value?: string;
  errors: { reason?: string; form?: string };
}

/**
 * A seller's cancellation of one order, shown again when it was refused (a missing
 * reason, an order that shipped meanwhile) with the message beside the field. It
 * has the id of the cancel form on the seller's order page (`cancel-form-<id>`),
 * so an htmx answer replaces that form in place.
 */
export function SellerCancelForm(props: SellerCancelProps) {
  const so = props.part;
  return (
    <form id={`cancel-form-${so.id}`} method="post" action={paths.sellerOrderCancellation(so.id)} hx-post={paths.sellerOrderCancellation(so.id)} hx-target={`#seller-order-${so.id}`} hx-swap="outerHTML" class="stack" novalidate>
      <Csrf token={props.csrf} />
      <input type="hidden" name="next" value={props.next} />
      <FormError message={props.errors.form} />
      <Field label="Reason (the buyer sees it)" name="reason" value={props.value} error={props.errors.reason} required maxlength={500} />
      <button type="submit" class="danger">
        Cancel and refund the buyer
      </button>{' '}
      <a href={props.next}>Back to the order</a>
    </form>
  );
}

/** The same form as a page of its own (without JavaScript). */
export function SellerCancelPage(props: SellerCancelProps) {
  return (
    <section id={`seller-order-${props.part.id}-cancel`}>
      <h1 safe>{`Cancel order #${props.part.order_id}`}</h1>
      <SellerCancelForm {...props} />
    </section>
  );
}
