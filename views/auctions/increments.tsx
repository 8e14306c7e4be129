import type { BandErrors, BandInput } from '../../src/auctions/increments-admin.js';
import { auctionListPaths } from '../../src/auctions/list-paths.js';
import { Csrf, FormError } from '../components/field.js';

export interface IncrementsProps {
  currency: string;
  /** currencies with a table of their own, for the switcher */
  currencies: string[];
  rows: BandInput[];
  /** whether the currency has a table of its own (else bidding uses the default bands) */
  stored: boolean;
  errors: BandErrors;
  csrf: string;
}

function Cell(props: { name: string; label: string; value: string; error?: string }) {
  const id = `f-${props.name}`;
  return (
    <td class={props.error ? 'field-invalid' : undefined}>
      <input
        id={id}
        name={props.name}
        value={props.value}
        inputmode="decimal"
        maxlength={16}
        aria-label={props.label}
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
    </td>
  );
}

/** The bid increment table of one currency, as a form of bands (from / increment). */
export function IncrementsPage(props: IncrementsProps) {
  const others = [...new Set([...props.currencies, props.currency])].sort();
  return (
    <section>
      <h1 safe>{`Bid increments: ${props.currency}`}</h1>
      <nav aria-label="Currencies" class="tabs">
        <ul>
          {others.map((c) => (
            <li>
              <a href={auctionListPaths.adminIncrements(c)} aria-current={c === props.currency ? 'page' : undefined} safe>
                {c}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={auctionListPaths.adminIncrements()} class="inline-form">
        <label for="f-currency">Another currency</label>
        <input id="f-currency" name="currency" maxlength={3} pattern="[A-Z]{3}" placeholder="EUR" />
        <button type="submit">Show</button>
      </form>
      <p class="hint">
        {props.stored
          ? 'Each band runs from its amount up to the next band’s. The next bid must add the band’s increment to the current price.'
          : 'This currency has no table of its own: bids use the default bands shown below until you save a table.'}
      </p>
      <form id="increments-form" method="post" action={auctionListPaths.adminIncrements(props.currency)} class="card" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={props.errors.form} />
        <table id="increments-table">
          <thead>
            <tr>
              <th scope="col">Price from</th>
              <th scope="col">Increment</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r, i) => (
              <tr id={`band-${i}`}>
                <Cell name={`from_${i}`} label={`Band ${i + 1}: price from`} value={r.from} error={props.errors[`from_${i}`]} />
                <Cell name={`step_${i}`} label={`Band ${i + 1}: increment`} value={r.step} error={props.errors[`step_${i}`]} />
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">Leave a row empty to remove it. The first band starts at 0.</p>
        <button type="submit">Save the table</button>
      </form>
    </section>
  );
}
