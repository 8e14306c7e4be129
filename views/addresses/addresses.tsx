import type { AddressRow } from '../../src/addresses/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';
import { Address } from './address.js';
import { AddressFields } from './address-fields.js';

function AddressCard(props: { a: AddressRow; csrf: string }) {
  const a = props.a;
  return (
    <li class="card address" id={`address-${a.id}`}>
      <Address a={a} />
      <form method="post" action={paths.address(a.id)} hx-delete={paths.address(a.id)} hx-target="#addresses" hx-swap="outerHTML" class="inline">
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="DELETE" />
        <button type="submit" class="link-button" aria-label={`Delete the address of ${a.name}, ${a.line1}`}>
          Delete
        </button>
      </form>
    </li>
  );
}

/** The buyer's addresses and the form for a new one (stable id `addresses`). */
export function Addresses(props: { addresses: AddressRow[]; csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <div id="addresses">
      {props.addresses.length === 0 ? (
        <p class="empty">You have no saved addresses yet.</p>
      ) : (
        <ul class="addresses">
          {props.addresses.map((a) => (
            <AddressCard a={a} csrf={props.csrf} />
          ))}
        </ul>
      )}
      <h2>Add an address</h2>
      <form id="address-form" method="post" action={paths.addresses()} hx-post={paths.addresses()} hx-target="#addresses" hx-swap="outerHTML" novalidate>
        <FormError message={props.errors?.form} />
        <Csrf token={props.csrf} />
        <AddressFields values={props.values} errors={props.errors} />
        <button type="submit">Save address</button>
      </form>
    </div>
  );
}

export function AddressesPage(props: { addresses: AddressRow[]; csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Your addresses</h1>
      <Addresses {...props} />
    </section>
  );
}
