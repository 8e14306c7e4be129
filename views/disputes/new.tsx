import type { FieldErrors } from '../../src/http/validate.js';
import { DISPUTE_REASONS, MESSAGE_MAX } from '../../src/disputes/forms.js';
import { MAX_DISPUTE_PHOTOS } from '../../src/disputes/photos.js';
import type { OrderLineRow } from '../../src/orders/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, FieldFrame, FormError, TextArea } from '../components/field.js';
import { OrderPartSummary } from './parts.js';

export interface OpenFormState {
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** why it cannot be opened at all */
  refusal?: string;
}

/** A file input for up to four photos, with its error beside it. */
export function PhotosField(props: { error?: string; id: string }) {
  return (
    <FieldFrame
      label={`Photos (optional, up to ${MAX_DISPUTE_PHOTOS})`}
      name="photos"
      id={props.id}
      error={props.error}
      hint="JPEG, PNG, WebP, GIF or AVIF. Location and camera details are removed."
      control={(a) => <input id={a.id} type="file" name="photos" accept="image/*" multiple aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
    />
  );
}

/** The buyer reports a problem with one seller's part of their order. Posts plainly (multipart) without JavaScript. */
export function OpenDisputePage(props: { csrf: string; order: Parameters<typeof OrderPartSummary>[0]; lines: OrderLineRow[]; state?: OpenFormState; allowed: boolean }) {
  const e = props.state?.errors ?? {};
  const v = props.state?.values ?? {};
  const soId = props.order.sellerOrderId;
  return (
    <div class="dispute-new">
      <p>
        <a href={paths.order(props.order.orderId)}>← Back to the order</a>
      </p>
      <h1>Report a problem</h1>
      <OrderPartSummary {...props.order} lines={props.lines} />
      <FormError message={props.state?.refusal} />
      {props.allowed ? (
        <form id="dispute-open-form" method="post" action={paths.sellerOrderDisputes(soId)} enctype="multipart/form-data" class="card">
          <Csrf token={props.csrf} />
          <p>The payment to the seller is paused while the problem is resolved. The seller can answer here; if you cannot agree, Souk decides.</p>
          <FieldFrame
            label="What went wrong?"
            name="reason"
            error={e.reason}
            control={(a) => (
              <select id={a.id} name="reason" required aria-invalid={a.invalid} aria-describedby={a.describedBy}>
                <option value="">Choose…</option>
                {Object.entries(DISPUTE_REASONS).map(([code, label]) => (
                  <option value={code} selected={v.reason === code} safe>
                    {label}
                  </option>
                ))}
              </select>
            )}
          />
          <TextArea label="Describe the problem" name="message" value={v.message} error={e.message} required maxlength={MESSAGE_MAX} rows={6} hint="At least 10 characters. The seller reads this." />
          <PhotosField id="dispute-open-photos" error={e.photos} />
          <button type="submit">Open the dispute</button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}
