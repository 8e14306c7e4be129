import type { ListingRow, VariantRow } from '../../src/listings/queries.js';
import { comboKey, comboLabel, MAX_COMBINATIONS, suggestSku, type Axis, type Combination, type VariantRowValues } from '../../src/listings/variants.js';
import { toDecimal } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';

export interface VariantsPageProps {
  listing: ListingRow;
  /** every enum attribute of the category */
  available: Axis[];
  /** the chosen axes */
  axes: Axis[];
  combos: Combination[];
  existing: VariantRow[];
  csrf: string;
  /** the seller's input after a refused save */
  rows?: Map<string, VariantRowValues>;
  errors?: Record<string, string>;
  /** too many combinations or other message about the choice of axes */
  axesError?: string;
}

/**
 * Variants in two steps: choose the axes (a GET form, so the table can be
 * re-shown without saving), then keep the combinations that exist, each with
 * its SKU, price and stock.
 */
export function VariantsPage(props: VariantsPageProps) {
  const l = props.listing;
  const e = props.errors ?? {};
  const chosen = new Set(props.axes.map((a) => a.key));
  const existing = new Map(props.existing.map((v) => [comboKey(v.options), v]));
  return (
    <section>
      <p>
        <a href={paths.sellerListing(l.id)}>
          ← <span safe>{l.title}</span>
        </a>
      </p>
      <h1>Variants</h1>
      {props.available.length === 0 ? (
        <p id="no-axes">This category has no choice attributes (like size or colour) to vary by.</p>
      ) : (
        <form method="get" action={paths.listingVariants(l.id)} id="axes-form">
          <fieldset>
            <legend>Varies by</legend>
            {props.available.map((a) => (
              <div class="field">
                <label>
                  <input type="checkbox" name="axes" value={a.key} checked={chosen.has(a.key)} /> <span safe>{a.label}</span> <span class="meta" safe>{`(${a.options.join(', ')})`}</span>
                </label>
              </div>
            ))}
            {props.axesError ? (
              <p class="error" role="alert" safe>
                {props.axesError}
              </p>
            ) : (
              ''
            )}
            <button type="submit" class="secondary">
              Show the combinations
            </button>
          </fieldset>
        </form>
      )}
      {props.combos.length ? (
        <form method="post" action={paths.listingVariants(l.id)} id="variants-form" novalidate>
          <Csrf token={props.csrf} />
          <input type="hidden" name="_method" value="PUT" />
          <input type="hidden" name="axes" value={props.axes.map((a) => a.key).join(',')} />
          <FormError message={e.form} />
          <p class="hint">{`Tick the combinations you sell (at most ${MAX_COMBINATIONS}). Unticked ones are removed.`}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Sell</th>
                <th scope="col">Variant</th>
                <th scope="col">SKU</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
              </tr>
            </thead>
            <tbody>
              {props.combos.map((c, i) => {
                const key = comboKey(c);
                const old = existing.get(key);
                const row = props.rows?.get(key);
                const label = comboLabel(props.axes, c);
                const keep = row ? row.keep : Boolean(old);
                const sku = row?.sku ?? old?.sku ?? suggestSku(l.slug, c, props.axes);
                const price = row?.price ?? (old ? toDecimal(old.price) : l.price !== null ? toDecimal(l.price) : '');
                const stock = row?.stock ?? (old ? String(old.stock) : '0');
                const cell = (name: 'sku' | 'price' | 'stock', value: string, what: string) => (
                  <td>
                    <input
                      id={`${name}_${i}`}
                      name={`${name}_${i}`}
                      value={value}
                      aria-label={`${what} for ${label}`}
                      inputmode={name === 'sku' ? undefined : name === 'price' ? 'decimal' : 'numeric'}
                      size={name === 'sku' ? '18' : '6'}
                      aria-invalid={e[`${name}_${i}`] ? 'true' : undefined}
                      aria-describedby={e[`${name}_${i}`] ? `${name}_${i}-error` : undefined}
                    />
                    {e[`${name}_${i}`] ? (
                      <p class="error" id={`${name}_${i}-error`} safe>
                        {e[`${name}_${i}`]}
                      </p>
                    ) : (
                      ''
                    )}
                  </td>
                );
                return (
                  <tr data-combo={label}>
                    <td>
                      <input type="hidden" name={`combo_${i}`} value={JSON.stringify(c)} />
                      <input type="checkbox" id={`keep_${i}`} name={`keep_${i}`} checked={keep} aria-label={`Sell ${label}`} />
                    </td>
                    <th scope="row" safe>
                      {label}
                    </th>
                    {cell('sku', sku, 'SKU')}
                    {cell('price', price, 'Price')}
                    {cell('stock', stock, 'Stock')}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="actions">
            <button type="submit">Save variants</button>
          </div>
        </form>
      ) : props.existing.length ? (
        <form method="post" action={paths.listingVariants(l.id)} id="remove-variants-form">
          <Csrf token={props.csrf} />
          <input type="hidden" name="_method" value="PUT" />
          <input type="hidden" name="axes" value="" />
          <FormError message={e.form} />
          <p>Without variants the listing has one stock count, starting at 0.</p>
          <button type="submit" class="danger">
            Remove all variants
          </button>
        </form>
      ) : props.available.length ? (
        <p>Choose what the listing varies by to see its combinations.</p>
      ) : (
        ''
      )}
    </section>
  );
}
