import type { SellerOrderRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';

/**
 * A seller's cancellation of one order, shown again when it was refused (a missing
 * reason, an order that shipped meanwhile), with the message beside the field.
 */
export function SellerCancelForm(props: { csrf: string; part: Pick<SellerOrderRow, 'id' | 'order_id'>; next: string; value?: string; errors: { reason?: string; form?: string } }) {
  const so = props.part;
  return (
    <section id={`seller-order-${so.id}-cancel`}>
      <h1 safe>{`Cancel order #${so.order_id}`}</h1>
      <form method="post" action={paths.sellerOrderCancellation(so.id)} novalidate>
        <Csrf token={props.csrf} />
        <IdempotencyField />
        <input type="hidden" name="next" value={props.next} />
        <FormError message={props.errors.form} />
        <Field label="Reason (the buyer sees it)" name="reason" value={props.value} error={props.errors.reason} required maxlength={500} />
        <button type="submit">Cancel and refund the buyer</button> <a href={props.next}>Back</a>
      </form>
    </section>
  );
}
