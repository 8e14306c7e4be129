import type { ListingPageRow, TileRow, VariantRow } from '../../src/search/browse-queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';

const UNITS: Record<string, string> = { hour: 'hour', unit: 'unit', day: 'day', session: 'session' };

/** The one-line price of a result tile, worded per kind. */
export function tilePrice(t: Pick<TileRow, 'kind' | 'price' | 'price_unit' | 'currency'>): string {
  if (t.price === null) return '';
  const money = formatMoney(Number(t.price), t.currency);
  switch (t.kind) {
    case 'auction':
      return `Bids from ${money}`;
    case 'service':
      return `${money} / ${UNITS[t.price_unit ?? 'hour'] ?? 'hour'}`;
    case 'classified':
      return `Asking ${money}`;
    default:
      return money;
  }
}

const variantLabel = (v: VariantRow, axes: string[]) =>
  (axes.length ? axes : Object.keys(v.options))
    .map((k) => v.options[k])
    .filter((x) => x !== undefined && x !== '')
    .join(' / ');

/** The price area of the listing page: what it costs and how it is bought, per kind. */
export function PriceBox(props: { listing: ListingPageRow; variants: VariantRow[]; now: Date }) {
  const l = props.listing;
  const money = (n: number | null) => (n === null ? '' : formatMoney(Number(n), l.currency));
  const soldOut = l.status === 'sold_out';
  switch (l.kind) {
    case 'fixed': {
      if (l.variant_axes.length > 0 || l.stock === null) {
        const vs = props.variants;
        if (soldOut || vs.length === 0) {
          return (
            <div class="price-box" data-kind="fixed">
              <p class="price">{l.price !== null ? <span safe>{money(l.price)}</span> : ''}</p>
              <p class="stock sold-out">Sold out</p>
            </div>
          );
        }
        const low = Math.min(...vs.map((v) => Number(v.price)));
        const high = Math.max(...vs.map((v) => Number(v.price)));
        return (
          <div class="price-box" data-kind="fixed">
            <p class="price" safe>
              {low === high ? money(low) : `From ${money(low)}`}
            </p>
            <div class="field">
              <label for={`variant-${l.id}`}>Options</label>
              <select id={`variant-${l.id}`} name="variant_id">
                {vs.map((v) => (
                  <option value={String(v.id)} safe>
                    {`${variantLabel(v, l.variant_axes)} — ${money(v.price)}${v.available <= 3 ? ` (${v.available} left)` : ''}`}
                  </option>
                ))}
              </select>
            </div>
          </div>
        );
      }
      const left = Math.max(0, Number(l.stock) - Number(l.reserved));
      return (
        <div class="price-box" data-kind="fixed">
          <p class="price" safe>
            {money(l.price)}
          </p>
          {soldOut || left === 0 ? <p class="stock sold-out">Sold out</p> : <p class="stock" safe>{`${left} left`}</p>}
        </div>
      );
    }
    case 'auction': {
      const started = !l.starts_at || new Date(l.starts_at).getTime() <= props.now.getTime();
      return (
        <div class="price-box" data-kind="auction">
          <p class="price">
            Starting bid <strong safe>{money(l.start_price)}</strong>
          </p>
          <p class="reserve">{l.reserve_price !== null ? 'This auction has a reserve price.' : 'No reserve price.'}</p>
          {l.buy_now_price !== null ? (
            <p class="buy-now">
              Buy it now for <strong safe>{money(l.buy_now_price)}</strong>
            </p>
          ) : (
            ''
          )}
          <p class="auction-window">
            {l.starts_at ? (
              <>
                {started ? 'Started ' : 'Starts '}
                <Time at={l.starts_at} />
                {'. '}
              </>
            ) : (
              ''
            )}
            {l.ends_at ? (
              <>
                Ends <Time at={l.ends_at} />.
              </>
            ) : (
              ''
            )}
          </p>
        </div>
      );
    }
    case 'digital':
      return (
        <div class="price-box" data-kind="digital">
          <p class="price" safe>
            {money(l.price)}
          </p>
          <p class="delivery">Instant download after purchase.</p>
        </div>
      );
    case 'service':
      return (
        <div class="price-box" data-kind="service">
          <p class="price" safe>
            {`${money(l.price)} / ${UNITS[l.price_unit ?? 'hour'] ?? 'hour'}`}
          </p>
        </div>
      );
    case 'classified':
      return (
        <div class="price-box" data-kind="classified">
          <p class="price">
            Asking price <strong safe>{money(l.price)}</strong>
          </p>
          <p>
            <a href={`#contact-${l.id}`}>Contact the seller</a> to arrange the sale.
          </p>
        </div>
      );
  }
}

/** Where a listing's public page is. */
export const listingHref = (l: { id: number; slug: string }) => paths.listing(l.id, l.slug);
