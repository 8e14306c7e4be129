import type { PostalAddress } from '../../src/addresses/addresses.js';
import { countryName } from '../../src/addresses/countries.js';

/** One postal address as people read it on a label: the address book, and the address an order ships to. */
export function Address(props: { a: PostalAddress; id?: string }) {
  const a = props.a;
  return (
    <address id={props.id}>
      <strong safe>{a.name}</strong>
      <br />
      <span safe>{a.line1}</span>
      {a.line2 ? (
        <>
          <br />
          <span safe>{a.line2}</span>
        </>
      ) : (
        ''
      )}
      <br />
      <span safe>{`${a.postal_code} ${a.city}`}</span>
      <br />
      <span safe>{countryName(a.country)}</span>
      {a.phone ? (
        <>
          <br />
          <span safe>{a.phone}</span>
        </>
      ) : (
        ''
      )}
    </address>
  );
}
