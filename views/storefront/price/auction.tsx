import { Time } from '../../components/time.js';
import { moneyOf, type PriceProps } from './money.js';

/**
 * An auction without its live bid box (ended, or not public): its starting bid, whether it has a
 * reserve (never the amount), buy-it-now and its window. With the bid box on the page it shows
 * nothing, so the price is not said twice, once of them stale.
 */
export function AuctionPrice(props: PriceProps) {
  if (props.liveBox) return '';
  const l = props.listing;
  const money = moneyOf(l);
  const started = !l.starts_at || new Date(l.starts_at).getTime() <= props.now.getTime();
  return (
    <>
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
    </>
  );
}
