import type { BidBoxState } from '../../src/auctions/view.js';
import { auctionsPaths } from '../../src/auctions/paths.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, FieldFrame, FormError } from '../components/field.js';

export interface BidBoxProps {
  box: BidBoxState;
  csrf: string;
  /** the viewer (null: a visitor) */
  viewerId: number | null;
  values?: Record<string, string>;
  errors?: FieldErrors;
  /** the outcome of the viewer's last bid */
  notice?: string;
}

/**
 * The bidding area of an auction listing (`#bid-box-<listing id>`): current price,
 * bid count, reserve state, end, asking price and the bid form. A plain form
 * without JavaScript; htmx swaps the answer in place.
 */
export function BidBox(props: BidBoxProps) {
  const b = props.box;
  const id = `bid-box-${b.listingId}`;
  const money = (n: number) => formatMoney(n, b.currency);
  const e = props.errors ?? {};
  const own = props.viewerId !== null && props.viewerId === b.sellerId;
  return (
    <section id={id} class="bid-box" data-status={b.status} aria-live="polite">
      <p class="bid-price">
        <span class="label">{b.bidCount ? 'Current bid' : 'Starting bid'}</span> <strong safe>{money(b.price)}</strong>
      </p>
      <p class="bid-count" safe>
        {b.bidCount === 1 ? '1 bid' : `${b.bidCount} bids`}
      </p>
      {b.hasReserve ? <p class="bid-reserve">{b.reserveMet ? 'Reserve met' : 'Reserve not met'}</p> : ''}
      <p class="bid-ends">
        {b.status === 'open' ? 'Ends ' : 'Ended '}
        <time datetime={b.endsAt.toISOString()} safe>
          {b.endsAt.toUTCString()}
        </time>
      </p>
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {b.status !== 'open' ? (
        <p class="bid-closed" safe>
          {b.closedText}
        </p>
      ) : own ? (
        <p class="hint">This is your auction.</p>
      ) : props.viewerId === null ? (
        <p>
          <a href={`${paths.signIn()}?next=${encodeURIComponent(paths.listing(b.listingId))}`}>Sign in to bid</a>
        </p>
      ) : (
        <>
          <form method="post" action={auctionsPaths.auctionBids(b.listingId)} hx-post={auctionsPaths.auctionBids(b.listingId)} hx-target={`#${id}`} hx-swap="outerHTML" novalidate>
            <FormError message={e.form} />
            <Csrf token={props.csrf} />
            <FieldFrame
              label="Your maximum bid"
              name="max"
              id={`bid-max-${b.listingId}`}
              hint={`Enter ${money(b.asking)} or more. We bid for you, up to your maximum.`}
              error={e.max}
              control={(a) => (
                <input id={a.id} name="max" type="text" inputmode="decimal" value={props.values?.max ?? toDecimal(b.asking)} required aria-invalid={a.invalid} aria-describedby={a.describedBy} />
              )}
            />
            <button type="submit">Place bid</button>
          </form>
          {b.buyNowPrice !== null ? (
            <form method="post" action={auctionsPaths.auctionBuyNow(b.listingId)} hx-post={auctionsPaths.auctionBuyNow(b.listingId)} hx-target={`#${id}`} hx-swap="outerHTML">
              <Csrf token={props.csrf} />
              <button type="submit" safe>
                Buy it now for {money(b.buyNowPrice)}
              </button>
            </form>
          ) : (
            ''
          )}
        </>
      )}
    </section>
  );
}
