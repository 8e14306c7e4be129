import type { HistoryLine } from '../../src/auctions/history.js';
import type { YouState } from '../../src/auctions/page.js';
import type { BidBoxState } from '../../src/auctions/view.js';
import { auctionsPaths } from '../../src/auctions/paths.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { clock } from '../../src/lib/clock.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { asset } from '../../src/http/assets.js';
import { Csrf, FieldFrame, FormError } from '../components/field.js';
import { auctionEvents, AuctionEndsPart, AuctionHistoryPart, AuctionPricePart, AuctionYouPart } from './live-parts.js';

/** The countdown's script, once on a page that shows a bid box (static: the CSP allows no inline script). */
export function CountdownScript() {
  return <script src={asset('auction-countdown.js')} defer></script>;
}

export interface BidBoxProps {
  box: BidBoxState;
  /** the latest bids (none given: the history part shows none) */
  history?: HistoryLine[];
  /** the server's time at render, the countdown runs on it (default: now) */
  now?: Date;
  csrf: string;
  /** the viewer (null: a visitor) */
  viewerId: number | null;
  /** the viewer's own standing (signed-in viewers) */
  you?: YouState;
  values?: Record<string, string>;
  errors?: FieldErrors;
  /** the outcome of the viewer's last bid */
  notice?: string;
}

/**
 * The bidding area of an auction listing (`#bid-box-<listing id>`). Its public parts
 * (price, end, history) are pushed to every open page as bids come in; the viewer's
 * standing re-fetches itself on a signal on their own stream; the forms carry the
 * viewer's token and are never pushed. A plain form without JavaScript; htmx swaps
 * the answer in place, and the whole box fetches itself again when the auction ends.
 */
export function BidBox(props: BidBoxProps) {
  const b = props.box;
  const id = `bid-box-${b.listingId}`;
  const money = (n: number) => formatMoney(n, b.currency);
  const e = props.errors ?? {};
  const own = props.viewerId !== null && props.viewerId === b.sellerId;
  return (
    <section
      id={id}
      class="bid-box"
      data-status={b.status}
      data-listing={String(b.listingId)}
      hx-get={auctionsPaths.auctionBidBox(b.listingId)}
      hx-trigger={`sse:${auctionEvents.closed}`}
      hx-swap="outerHTML"
    >
      <AuctionPricePart box={b} />
      <AuctionEndsPart box={b} now={props.now ?? clock.now()} />
      {props.viewerId !== null && !own ? <AuctionYouPart listingId={b.listingId} state={props.you ?? 'none'} /> : ''}
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {b.status !== 'open' ? (
        ''
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
                <input
                  id={a.id}
                  name="max"
                  type="text"
                  inputmode="decimal"
                  value={props.values?.max ?? toDecimal(b.asking)}
                  data-asking-input={toDecimal(b.asking)}
                  required
                  aria-invalid={a.invalid}
                  aria-describedby={a.describedBy}
                />
              )}
            />
            <button type="submit">Place bid</button>
          </form>
          {b.buyNowPrice !== null ? (
            <form method="post" class="buy-now-form" action={auctionsPaths.auctionBuyNow(b.listingId)} hx-post={auctionsPaths.auctionBuyNow(b.listingId)} hx-target={`#${id}`} hx-swap="outerHTML">
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
      <AuctionHistoryPart listingId={b.listingId} currency={b.currency} lines={props.history ?? []} />
    </section>
  );
}
