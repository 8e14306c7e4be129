import { formatMoney } from '../../src/lib/money.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import type { ResultRow } from '../../src/search/queries.js';
import { Time } from '../components/time.js';

const UNITS: Record<string, string> = { hour: 'hour', unit: 'unit', day: 'day', session: 'session' };

/** The price line as each kind of listing states it. */
export function PriceLine(props: { r: ResultRow }) {
  const r = props.r;
  const money = (n: number | null) => (n === null ? '' : formatMoney(n, r.currency));
  switch (r.kind) {
    case 'auction':
      return (
        <p class="price">
          <span safe>{r.current_bid !== null && r.current_bid !== undefined ? `Current bid ${money(r.current_bid)}` : `Starting bid ${money(r.start_price)}`}</span>
          {r.buy_now_price !== null ? <span safe>{` · Buy now ${money(r.buy_now_price)}`}</span> : ''}
          {r.ends_at ? (
            <span class="meta">
              {' · Ends '}
              <Time at={r.ends_at} />
            </span>
          ) : (
            ''
          )}
        </p>
      );
    case 'service':
      return <p class="price" safe>{`${money(r.price)} / ${UNITS[r.price_unit ?? ''] ?? 'hour'}`}</p>;
    case 'classified':
      return <p class="price" safe>{`${money(r.price)} asking`}</p>;
    default:
      return <p class="price" safe>{money(r.price)}</p>;
  }
}

export function formatDistance(km: number): string {
  return km < 1 ? 'under 1 km away' : `${km < 10 ? km.toFixed(1) : Math.round(km)} km away`;
}

/** One search result. `eager`: it is in the first row a phone shows, so its cover is fetched at once rather than after layout. */
export function ResultCard(props: { r: ResultRow; cover?: ImageView; eager?: boolean }) {
  const { r, cover } = props;
  const meta = [r.city, r.distance !== null ? formatDistance(r.distance) : null, r.condition].filter((x): x is string => Boolean(x));
  return (
    <li class="tile result" id={`result-${r.id}`}>
      {cover ? <img src={cover.thumbUrl} alt={cover.alt} width={String(cover.width)} height={String(cover.height)} loading={props.eager ? 'eager' : 'lazy'} class="result-cover" /> : ''}
      <h3 class="tile-title result-title">
        <a href={paths.listing(r.id, r.slug)} safe>
          {r.title}
        </a>
      </h3>
      {r.promoted ? <span class="promoted-badge">Promoted</span> : ''}
      {r.status === 'sold_out' ? <span class="sold-out">Sold out</span> : ''}
      <PriceLine r={r} />
      {meta.length ? (
        <p class="meta" safe>
          {meta.join(' · ')}
        </p>
      ) : (
        ''
      )}
    </li>
  );
}
