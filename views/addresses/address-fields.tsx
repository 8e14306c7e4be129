import { COUNTRIES } from '../../src/addresses/countries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { Field, FieldFrame } from '../components/field.js';

/**
 * The fields of a new shipping address, with each error beside its field and the
 * buyer's input kept. No <form> around them: the addresses page and checkout each
 * put them in their own form.
 */
export function AddressFields(props: { values?: Record<string, string>; errors?: FieldErrors }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const country = (v.country ?? '').toUpperCase();
  return (
    <fieldset class="address-fields">
      <legend>Shipping address</legend>
      <Field label="Full name" name="name" value={v.name} error={e.name} autocomplete="shipping name" required maxlength={120} />
      <Field label="Street and number" name="line1" value={v.line1} error={e.line1} autocomplete="shipping address-line1" required maxlength={200} />
      <Field label="Apartment, floor, etc. (optional)" name="line2" value={v.line2} error={e.line2} autocomplete="shipping address-line2" maxlength={200} />
      <Field label="Postal code" name="postal_code" value={v.postal_code} error={e.postal_code} autocomplete="shipping postal-code" required maxlength={20} />
      <Field label="City" name="city" value={v.city} error={e.city} autocomplete="shipping address-level2" required maxlength={80} />
      <FieldFrame
        label="Country"
        name="country"
        error={e.country}
        control={(a) => (
          <select id={a.id} name="country" autocomplete="shipping country" required aria-invalid={a.invalid} aria-describedby={a.describedBy}>
            <option value="">Choose a country</option>
            {COUNTRIES.map(([code, name]) => (
              <option value={code} selected={country === code} safe>
                {name}
              </option>
            ))}
          </select>
        )}
      />
      <FieldFrame
        label="Phone (optional)"
        name="phone"
        error={e.phone}
        hint="Only for the carrier, if they need to reach you."
        control={(a) => <input id={a.id} name="phone" type="tel" value={v.phone ?? ''} autocomplete="shipping tel" maxlength={40} aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
      />
    </fieldset>
  );
}
